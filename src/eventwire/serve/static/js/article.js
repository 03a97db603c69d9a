// Article page: layer toggles, and a side-panel click scrolls to its item and flashes it.
"use strict";

(function () {
  const text = document.getElementById("article-text");
  const panel = document.getElementById("panel");
  if (!text || !panel) return;

  for (const box of document.querySelectorAll("#layers input[data-layer]")) {
    box.addEventListener("change", () => {
      text.classList.toggle(`show-${box.dataset.layer}`, box.checked);
    });
  }

  function spansOf(key) {
    return Array.from(text.querySelectorAll("span[data-items]")).filter((span) =>
      span.dataset.items.split(" ").includes(key)
    );
  }

  function focusItem(key, scroll) {
    for (const old of text.querySelectorAll(".flash")) old.classList.remove("flash");
    for (const old of panel.querySelectorAll(".item.active")) old.classList.remove("active");
    const spans = spansOf(key);
    for (const span of spans) span.classList.add("flash");
    const link = panel.querySelector(`.item[data-key="${CSS.escape(key)}"]`);
    if (link) {
      link.classList.add("active");
      const group = link.closest("details");
      if (group) group.open = true;
    }
    if (scroll && spans.length) spans[0].scrollIntoView({ behavior: "smooth", block: "center" });
    window.setTimeout(() => {
      for (const span of spans) span.classList.remove("flash");
    }, 2600);
  }

  panel.addEventListener("click", (event) => {
    const link = event.target.closest(".item[data-key]");
    if (!link) return;
    event.preventDefault();
    history.replaceState(null, "", `#item-${link.dataset.key}`);
    focusItem(link.dataset.key, true);
  });

  // A click in the text selects the innermost item under it in the panel.
  text.addEventListener("click", (event) => {
    const span = event.target.closest("span[data-items]");
    if (!span) return;
    const keys = span.dataset.items.split(" ");
    const key = keys[keys.length - 1];
    focusItem(key, false);
    const link = panel.querySelector(`.item[data-key="${CSS.escape(key)}"]`);
    if (link) link.scrollIntoView({ block: "nearest" });
  });

  const hash = decodeURIComponent(window.location.hash.slice(1));
  if (hash.startsWith("item-")) focusItem(hash.slice(5), true);
})();
