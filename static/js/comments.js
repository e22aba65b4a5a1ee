/* Comments: progressive enhancement of the reply links.
 *
 * Without JavaScript a "Reply" link reloads the article with ?replytocom=ID and
 * the form at the foot of the thread answers that comment. With it, each link
 * becomes a button that moves the form under its comment; "Cancel reply" moves
 * it back. The form posts the same fields either way. */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form) return;

  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);
  var title = respond.querySelector(".reply-title-text");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var parentInput = form.elements.parent;
  var active = null;

  function toButton(link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.dataset.commentId = link.dataset.commentId;
    button.dataset.name = link.dataset.name;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "respond");
    while (link.firstChild) button.appendChild(link.firstChild);
    link.parentNode.replaceChild(button, link);
    button.addEventListener("click", function () {
      if (active === button) reset(true); else open(button, true);
    });
    return button;
  }

  function open(button, focus) {
    if (active) active.setAttribute("aria-expanded", "false");
    active = button;
    button.setAttribute("aria-expanded", "true");
    button.closest(".comment-body").after(respond);
    parentInput.value = button.dataset.commentId;
    title.textContent = "Reply to " + button.dataset.name;
    cancel.hidden = false;
    if (focus) form.elements.body.focus();
  }

  function reset(focus) {
    var button = active;
    if (button) button.setAttribute("aria-expanded", "false");
    active = null;
    home.after(respond);
    parentInput.value = "";
    title.textContent = "Leave a Reply";
    cancel.hidden = true;
    if (focus && button) button.focus();
  }

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    reset(true);
  });

  var buttons = Array.prototype.map.call(document.querySelectorAll("a.comment-reply-link"), toButton);
  buttons.forEach(function (button) {
    if (parentInput.value && button.dataset.commentId === parentInput.value) open(button, false);
  });
})();
