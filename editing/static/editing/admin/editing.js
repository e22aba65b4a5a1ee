// The change form of an article or a page (editing/templates/admin/editing/change_form.html):
// - warns before leaving the page with changes not saved (not when the form is being saved);
// - while its user works in it, tells the server every few seconds that the form is open,
//   and shows who else has it open ("Maya Okafor is editing this article"); closing the page
//   says goodbye, and a form left alone is forgotten by itself (editing/presence.py).
"use strict";

// Loaded in the page's head, with the form's other scripts: it waits for the form.
document.addEventListener("DOMContentLoaded", () => {
  const marker = document.querySelector("[data-editing]");
  if (!marker) return;
  const form = marker.closest("form");
  // What the form holds as opened; leaving with anything else asks first. (The body editor
  // and the select2 pickers write into the form's own fields, so one comparison sees them all.)
  const contents = () => new URLSearchParams(new FormData(form)).toString();
  const opened = contents();
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && contents() !== opened) {
      event.preventDefault();
      event.returnValue = "";  // older browsers ask only when this is set
    }
  });

  const url = marker.dataset.presenceUrl;
  if (!url) return;
  const seconds = Number(marker.dataset.heartbeatSeconds) || 30;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let lastActive = Date.now();
  for (const type of ["input", "keydown", "pointerdown", "wheel"]) {
    document.addEventListener(type, () => { lastActive = Date.now(); }, { capture: true, passive: true });
  }

  function body(leaving) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    if (leaving) data.append("leave", "1");
    return data;
  }

  function show(notice) {
    marker.querySelector("p").textContent = notice;
    marker.hidden = !notice;
  }

  async function beat() {
    // Someone who walked away stops holding the form: after four quiet beats it is free.
    if (document.hidden || Date.now() - lastActive > seconds * 4000) return;
    try {
      const response = await fetch(url, { method: "POST", body: body(false), credentials: "same-origin" });
      if (response.ok) show((await response.json()).notice);
    } catch (error) {
      // Offline for a moment: the next beat tries again.
    }
  }

  setInterval(beat, seconds * 1000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) beat(); });
  window.addEventListener("pagehide", () => {
    // Saving reopens the form at once: no goodbye that could arrive after the hello.
    if (!submitting) navigator.sendBeacon(url, body(true));
  });
});
