// Comments: progressive enhancement of the reply links.
//
// Without JavaScript a "Reply" link reloads the article with ?replytocom=ID and
// the form at the foot of the thread answers that comment. With it, each link
// becomes a button that moves the form under its comment; "Cancel reply" moves
// it back. The form posts the same fields either way.
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

  const respond = document.getElementById("respond");
  const form = document.getElementById("commentform");
  if (respond && form) enhanceReplies(respond, form);
}
