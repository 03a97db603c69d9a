// Filter forms send only the fields that are set, and a click on an event row opens its article.
"use strict";

(function () {
  for (const form of document.querySelectorAll("form.filters")) {
    form.addEventListener("submit", () => {
      for (const field of form.querySelectorAll("input, select")) {
        if (field.name && field.value === "" && field.type !== "checkbox") field.disabled = true;
      }
    });
  }
  // Re-enable the fields when the page comes back from the history cache.
  window.addEventListener("pageshow", () => {
    for (const field of document.querySelectorAll("form.filters [disabled]")) field.disabled = false;
  });

  const table = document.getElementById("events-table");
  if (table) {
    table.addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      const row = event.target.closest("tr");
      const link = row && row.querySelector("a.article-link");
      if (link && !window.getSelection().toString()) window.location.assign(link.href);
    });
  }
})();
