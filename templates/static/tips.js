// Glossary tooltips: shown by CSS while a term is hovered or focused. Escape hides the open
// one until the pointer or focus leaves that term; a tooltip that would run past the right
// edge of a narrow screen is moved left to fit.
"use strict";

(function () {
  const MARGIN = 8;

  function termOf(node) {
    return node instanceof Element ? node.closest(".term") : null;
  }

  function fit(term) {
    const tip = term.querySelector(".tip");
    if (!tip) return;
    tip.style.left = "";
    const box = tip.getBoundingClientRect();
    const limit = document.documentElement.clientWidth - MARGIN;
    if (box.width && box.right > limit) {
      tip.style.left = `${Math.round(Math.max(limit - box.right, MARGIN - box.left))}px`;
    }
  }

  function show(event) {
    const term = termOf(event.target);
    if (term) fit(term);
  }

  function leave(event) {
    const term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("tip-dismissed");
  }

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const term of document.querySelectorAll(".term:hover, .term:focus-within")) {
      term.classList.add("tip-dismissed");
    }
  });
  document.addEventListener("focusin", show);
  document.addEventListener("mouseover", show);
  document.addEventListener("focusout", leave);
  document.addEventListener("mouseout", leave);
})();
