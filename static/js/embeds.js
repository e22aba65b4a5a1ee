/* Embedded videos, posts and maps (articles/body.py): the page shows a facade,
   and the provider's player is loaded only when the reader asks for it, so a
   page makes no request to a third party until then. */
(function () {
  "use strict";

  function play(figure) {
    var player = figure.getAttribute("data-embed-player");
    if (!player || player.indexOf("https://") !== 0) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.src = player;
    frame.title = figure.getAttribute("data-embed-title") || "Embedded content";
    frame.className = "embed-frame";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    figure.querySelector(".embed-facade").replaceWith(frame);
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    var facade = event.target.closest(".embed-facade");
    if (facade) {
      play(facade.closest("figure[data-embed-player]"));
    }
  });
})();
