// Article admin: the thumbnail under "Featured image" follows the photo
// chosen in the autocomplete (select2 reports changes through jQuery).
"use strict";
window.addEventListener("load", () => {
  const preview = document.querySelector("img[data-thumbnail-url]");
  if (!preview || !window.django) return;
  django.jQuery("#id_featured_image").on("change", (event) => {
    const id = event.target.value;
    preview.hidden = !id;
    if (id) preview.src = preview.dataset.thumbnailUrl.replace("/0/", `/${id}/`);
  });
});
