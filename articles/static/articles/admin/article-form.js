// Article form: live character counts under the fields search engines show
// (data-shown-length), and the Publish button saying "Schedule" while the
// date typed in is in the future.
"use strict";

function counterFor(field) {
  const limit = Number(field.dataset.shownLength);
  const counter = document.createElement("span");
  counter.className = "char-count";
  counter.id = `${field.id}_count`;
  field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
  const update = () => {
    const length = [...field.value].length;
    counter.textContent = length > limit
      ? `${length} / ${limit}: search results cut it short`
      : `${length} / ${limit}`;
    counter.classList.toggle("over", length > limit);
  };
  field.addEventListener("input", update);
  update();
  return counter;
}

function publishDate() {
  const day = document.getElementById("id_published_at_0");
  const time = document.getElementById("id_published_at_1");
  const date = day && day.value.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (!date) return null;
  const clock = (time && time.value.match(/^(\d{1,2}):(\d{2})(?::(\d{2}))?$/)) || [null, 0, 0, 0];
  // The boxes hold the site's time zone; the admin gives its offset from UTC.
  const offset = Number(document.body.dataset.adminUtcOffset || 0);
  const utc = Date.UTC(date[1], date[2] - 1, date[3], clock[1], clock[2], clock[3] || 0);
  return new Date(utc - offset * 1000);
}

function relabelPublishButtons() {
  const when = publishDate();
  const later = when !== null && when > new Date();
  for (const button of document.querySelectorAll("button[data-schedule-label]")) {
    button.textContent = later ? button.dataset.scheduleLabel : button.dataset.publishLabel;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const field of document.querySelectorAll("[data-shown-length]")) {
    // First in the help text, which says what the number means.
    const help = document.getElementById(`${field.id}_helptext`);
    if (help) help.prepend(counterFor(field), " ");
    else field.after(counterFor(field));
  }
  if (document.querySelector("button[data-schedule-label]")) {
    for (const id of ["id_published_at_0", "id_published_at_1"]) {
      const input = document.getElementById(id);
      if (input) {
        input.addEventListener("input", relabelPublishButtons);
        input.addEventListener("change", relabelPublishButtons);
      }
    }
    // The admin's calendar and clock fill the boxes without an input event.
    document.addEventListener("click", () => setTimeout(relabelPublishButtons));
  }
});
