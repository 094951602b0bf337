// Maillage: the little the pages need beyond htmx and Bootstrap. No inline script anywhere
// (the Content-Security-Policy refuses it): behaviour hangs on data- attributes.
"use strict";

// After a save, the page opens on its message, after a refused form on the summary of its
// errors: a screen reader hears the outcome and the keyboard starts from it.
document.addEventListener("DOMContentLoaded", () => {
  const target =
    document.querySelector("[data-error-summary]") ||
    document.querySelector("[data-focus-on-load]");
  if (target) {
    target.focus();
  }
});
