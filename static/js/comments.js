// Comments: progressive enhancement of the reply links.
//
// Without JavaScript a "Reply" link reloads the article with ?replytocom=ID and
// the form at the foot of the thread answers that comment. With it, each link
// becomes a button that moves the form under its comment; "Cancel reply" moves
// it back. The form posts the same fields either way.
//
// The article page is the same for every reader (a CDN may keep it), so its
// form has no CSRF token or signed time of its own: they are fetched from the
// form's data-secrets address when the reader first turns to the form, or at
// the latest when they send it. Without JavaScript the form comes back once
// with everything kept and its secrets filled in (comments/views.py).
"use strict";
// A block, so that nothing here becomes a global of the page.
{
  function enhanceReplies(respond, form) {
    // Where the form lives when it answers nobody.
    const home = document.createElement("div");
    home.hidden = true;
    respond.before(home);
    const title = respond.querySelector(".reply-title-text");
    const cancel = document.getElementById("cancel-comment-reply-link");
    const parentInput = form.elements.parent;
    let active = null;

    const open = (button, focus) => {
      active?.setAttribute("aria-expanded", "false");
      active = button;
      button.setAttribute("aria-expanded", "true");
      button.closest(".comment-body").after(respond);
      parentInput.value = button.dataset.commentId;
      title.textContent = `Reply to ${button.dataset.name}`;
      cancel.hidden = false;
      if (focus) form.elements.body.focus();
    };

    const reset = (focus) => {
      const button = active;
      button?.setAttribute("aria-expanded", "false");
      active = null;
      home.after(respond);
      parentInput.value = "";
      title.textContent = "Leave a Reply";
      cancel.hidden = true;
      if (focus) button?.focus();
    };

    const toButton = (link) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      Object.assign(button.dataset, { commentId: link.dataset.commentId, name: link.dataset.name });
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", "respond");
      button.append(...link.childNodes);
      link.replaceWith(button);
      button.addEventListener("click", () => (active === button ? reset(true) : open(button, true)));
      return button;
    };

    cancel.addEventListener("click", (event) => {
      event.preventDefault();
      reset(true);
    });

    for (const button of [...document.querySelectorAll("a.comment-reply-link")].map(toButton)) {
      if (parentInput.value && button.dataset.commentId === parentInput.value) open(button, false);
    }
  }

  function fetchSecrets(form) {
    const fields = [form.elements.csrfmiddlewaretoken, form.elements.token];
    let fetching = null;
    const fill = () => {
      fetching ??= fetch(form.dataset.secrets, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((secrets) => fields.forEach((field) => (field.value = secrets[field.name])))
        .catch(() => (fetching = null)); // sent without them, the form comes back to be sent again
      return fetching;
    };
    form.addEventListener("focusin", fill, { once: true });
    form.addEventListener("submit", (event) => {
      if (fields.every((field) => field.value)) return;
      event.preventDefault();
      fill().then(() => form.submit());
    });
  }

  const respond = document.getElementById("respond");
  const form = document.getElementById("commentform");
  if (respond && form) enhanceReplies(respond, form);
  if (form?.dataset.secrets && !form.elements.token.value) fetchSecrets(form);
}
