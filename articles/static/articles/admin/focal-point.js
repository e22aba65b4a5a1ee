// Image admin: a click on the preview sets the focal point fields (percent
// from the left and top edges) and moves the marker there.
"use strict";
document.addEventListener("click", (event) => {
  const image = event.target.closest("img[data-focal-point]");
  if (!image) return;
  const box = image.getBoundingClientRect();
  const x = Math.round(((event.clientX - box.left) / box.width) * 100);
  const y = Math.round(((event.clientY - box.top) / box.height) * 100);
  document.getElementById("id_focal_x").value = x;
  document.getElementById("id_focal_y").value = y;
  // Through the CSSOM, which the Content-Security-Policy allows (a style attribute it would refuse).
  image.parentElement.style.setProperty("--focus-x", `${x}%`);
  image.parentElement.style.setProperty("--focus-y", `${y}%`);
});
