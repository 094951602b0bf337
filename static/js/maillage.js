// Maillage: the little the pages need beyond htmx and Bootstrap. No inline script anywhere
// (the Content-Security-Policy refuses it): behaviour hangs on data- attributes.
"use strict";

// The path of the workspace tab just clicked, kept across the page load it starts.
const TAB_FOCUS = "maillage-workspace-tab";

// After a save, the page opens on its message, after a refused form on the summary of its
// errors: a screen reader hears the outcome and the keyboard starts from it.
document.addEventListener("DOMContentLoaded", () => {
  const target =
    document.querySelector("[data-error-summary]") ||
    document.querySelector("[data-focus-on-load]");
  // A workspace tab opened from its tabs: the keyboard stays on the tabs, on this one.
  const tabs = document.querySelector("[data-workspace-tabs]");
  const fromTab = tabs && sessionStorage.getItem(TAB_FOCUS) === location.pathname;
  sessionStorage.removeItem(TAB_FOCUS);
  if (target) {
    target.focus();
  } else if (fromTab) {
    tabs.querySelector('[aria-current="page"]')?.focus();
  }
});

document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-workspace-tabs] a");
  if (link) {
    sessionStorage.setItem(TAB_FOCUS, new URL(link.href).pathname);
  }
});
