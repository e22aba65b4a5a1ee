// The moderation queue without reloads: a row's buttons post through the
// queue's form with fetch and the server sends the row and the counts back;
// Reply opens a box in the row; keys move between rows and decide. Without
// this script the same buttons and links work as plain forms.
"use strict";
(() => {
  const form = document.getElementById("queue-form");
  if (!form) return;
  const rows = () => [...document.querySelectorAll("#result_list tbody tr")].filter((row) => entryOf(row));
  let current = null;

  function entryOf(row) {
    return row.querySelector("[data-queue-entry]");
  }

  function select(row, focus = true) {
    if (current) current.classList.remove("queue-current");
    current = row;
    if (!row) return;
    row.classList.add("queue-current");
    if (focus) {
      entryOf(row).focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    const all = rows();
    const index = all.indexOf(current);
    const next = index === -1 ? all[step > 0 ? 0 : all.length - 1] : all[index + step];
    if (next) select(next);
  }

  function say(row, text, failed) {
    const message = row.querySelector(".queue-message");
    message.textContent = text;
    message.classList.toggle("queue-failed", Boolean(failed));
  }

  function show(row, data) {
    row.querySelector("td.field-entry").innerHTML = data.entry;
    row.querySelector("td.field-commenter").innerHTML = data.commenter;
    row.dataset.status = data.status;
    for (const [status, count] of Object.entries(data.counts)) {
      for (const element of document.querySelectorAll(`[data-queue-count="${status}"]`)) {
        element.textContent = count;
      }
    }
    say(row, data.message);
  }

  async function send(row, url, body) {
    row.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : {};
      if (!response.ok) {
        const errors = data.errors ? Object.values(data.errors).flat().map((error) => error.message) : [];
        say(row, errors.join(" ") || `Not done: the server answered ${response.status}.`, true);
        return false;
      }
      show(row, data);
      return true;
    } catch {
      say(row, "Not done: the server could not be reached.", true);
      return false;
    } finally {
      row.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    const row = button && button.closest("tr");
    if (!row) return;
    event.preventDefault();
    if (row.getAttribute("aria-busy")) return;
    const wasCurrent = row === current;
    if (await send(row, button.formAction, new FormData(form, button)) && wasCurrent) move(1);
  });

  function openReply(row, link) {
    const entry = entryOf(row);
    let box = entry.querySelector(".queue-reply");
    if (!box) {
      box = document.createElement("div");
      box.className = "queue-reply";
      const id = `${entry.id}-reply`;
      box.innerHTML = `<label for="${id}">Your reply (published at once, marked as staff)</label>
        <textarea id="${id}" rows="4" maxlength="5000"></textarea>
        <div class="queue-reply-buttons">
          <button type="button" class="button default" data-publish>Publish reply</button>
          <button type="button" class="button" data-cancel>Cancel</button>
        </div>`;
      entry.querySelector(".queue-actions").before(box);
      const text = box.querySelector("textarea");
      const publish = async () => {
        const body = new FormData(form);
        body.append("body", text.value);
        const wasCurrent = row === current;
        if (await send(row, link.href, body) && wasCurrent) move(1);
      };
      box.querySelector("[data-publish]").addEventListener("click", publish);
      box.querySelector("[data-cancel]").addEventListener("click", () => {
        box.remove();
        select(row);
      });
      text.addEventListener("keydown", (event) => {
        if (event.key === "Escape") box.querySelector("[data-cancel]").click();
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) publish();
      });
    }
    box.querySelector("textarea").focus();
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-reply]");
    if (!link) return;
    event.preventDefault();
    const row = link.closest("tr");
    select(row);
    openReply(row, link);
  });

  const DECISIONS = { a: "approve", s: "spam", d: "remove" };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      return;
    }
    if (!current) return;
    if (DECISIONS[key]) {
      const button = current.querySelector(`button[value="${DECISIONS[key]}"]`);
      if (button) {
        event.preventDefault();
        form.requestSubmit(button);
      }
    } else if (key === "r") {
      const link = current.querySelector("[data-reply]");
      if (link) {
        event.preventDefault();
        openReply(current, link);
      }
    }
  });

  // Back from a decision without this script, or from a link to one comment.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.matches("[data-queue-entry]")) select(target.closest("tr"));
  document.addEventListener("focusin", (event) => {
    const entry = event.target.closest("[data-queue-entry]");
    if (entry && entry.closest("tr") !== current) select(entry.closest("tr"), false);
  });
})();
