// The body editor's "Browse…" window: a click hands the photo to the editor
// that opened it (django-prose-editor speaks CKEditor's file-browser protocol).
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-photo-id]");
  const funcNum = new URLSearchParams(window.location.search).get("CKEditorFuncNum");
  if (!button || !funcNum || !window.opener || !window.opener.CKEDITOR) return;
  window.opener.CKEDITOR.tools.callFunction(funcNum, button.dataset.photoUrl, {
    id: button.dataset.photoId,
    alternative_text: button.dataset.photoAlt,
    caption: button.dataset.photoCaption,
  });
  window.close();
});
