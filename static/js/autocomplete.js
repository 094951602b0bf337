/* Maillage: each input[data-autocomplete] (core/autocomplete.py) becomes GOV.UK's
   accessible-autocomplete, a WAI-ARIA combobox fed by the JSON endpoint in its data-
   attributes. Without this file the input stays a text field the server resolves on submit.
   A file, not an inline script: the CSP refuses those. */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // ?organisation=12 from the fields this one follows ("organisation=organisation").
  function followed(form, follow) {
    var params = new URLSearchParams();
    (follow || "").split(" ").filter(Boolean).forEach(function (pair) {
      var parts = pair.split("=");
      form.querySelectorAll('[name="' + parts[1] + '"]').forEach(function (field) {
        if (field.value && (field.type !== "checkbox" || field.checked)) {
          params.append(parts[0], field.value);
        }
      });
    });
    return params;
  }

  function suggestions(url, form, follow) {
    var timer = null;
    var controller = null;
    return function (query, populate) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        var params = followed(form, follow);
        params.set("q", query);
        fetch(url + "?" + params.toString(), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          signal: controller.signal,
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { populate(data.results); })
          .catch(function () { /* aborted by a newer query */ });
      }, DELAY_MS);
    };
  }

  function addChosen(list, name, option) {
    if (list.querySelector('input[value="' + option.id + '"]')) return false;
    var id = list.id + "_" + option.id;
    var item = document.createElement("li");
    item.className = "form-check";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input";
    box.name = name;
    box.value = option.id;
    box.id = id;
    box.checked = true;
    var label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = id;
    label.textContent = option.label;
    item.append(box, label);
    list.append(item);
    return true;
  }

  // The library sets its own aria-describedby (its hint): keep the field's help and error too.
  function keepDescribedBy(input, ids) {
    if (!ids) return;
    var apply = function () {
      var current = (input.getAttribute("aria-describedby") || "").split(" ");
      var wanted = current.concat(ids.split(" ")).filter(function (id, index, all) {
        return id && all.indexOf(id) === index;
      }).join(" ");
      if (input.getAttribute("aria-describedby") !== wanted) {
        input.setAttribute("aria-describedby", wanted);
      }
    };
    apply();
    new MutationObserver(apply).observe(input, { attributes: true, attributeFilter: ["aria-describedby"] });
  }

  function enhance(original) {
    var data = original.dataset;
    var form = original.closest("form") || document;
    var hidden = data.autocompleteValue ? document.getElementById(data.autocompleteValue) : null;
    var list = data.autocompleteMultiple ? document.getElementById(data.autocompleteMultiple) : null;
    var announce = document.getElementById(original.id + "_announce");
    var container = original.parentNode;
    var describedBy = original.getAttribute("aria-describedby");
    var invalid = original.getAttribute("aria-invalid");
    var input = null;
    original.remove();
    window.accessibleAutocomplete({
      element: container,
      id: original.id,
      name: original.name,
      defaultValue: original.value,
      required: original.required,
      minLength: MIN_LENGTH,
      displayMenu: "overlay",
      inputClasses: original.className,
      source: suggestions(data.autocomplete, form, data.autocompleteFollow),
      templates: {
        inputValue: function (option) { return option ? option.label : ""; },
        suggestion: function (option) {
          return escapeHtml(typeof option === "string" ? option : option.label);
        },
      },
      onConfirm: function (option) {
        if (!option) return;
        if (list) {
          var added = addChosen(list, data.autocompleteName, option);
          announce.textContent = option.label + (added ? " : ajouté à la liste." : " : déjà dans la liste.");
          // Empty the input for the next one, through the library's own input handler.
          setTimeout(function () {
            input.value = "";
            input.dispatchEvent(new Event("input", { bubbles: true }));
          }, 0);
        } else {
          hidden.value = option.id;
          announce.textContent = option.label + " : choisi.";
          // A list's filter form refreshes on input (htmx): now with the id chosen.
          hidden.dispatchEvent(new Event("input", { bubbles: true }));
        }
      },
      tNoResults: function () { return "Aucun résultat"; },
      tStatusQueryTooShort: function (length) {
        return "Tapez au moins " + length + " caractères pour voir les propositions.";
      },
      tStatusNoResults: function () { return "Aucun résultat."; },
      tStatusSelectedOption: function (option, length, index) {
        return option + ", " + (index + 1) + " sur " + length + ", en surbrillance.";
      },
      tStatusResults: function (length, selected) {
        var found = length === 1 ? "1 proposition disponible." : length + " propositions disponibles.";
        return found + " " + selected;
      },
      tAssistiveHint: function () {
        return "Quand des propositions s'affichent, parcourez-les avec les flèches haut et bas, " +
          "puis choisissez avec Entrée. Sur écran tactile, explorez au toucher ou par balayage.";
      },
    });
    input = document.getElementById(original.id);
    if (invalid) input.setAttribute("aria-invalid", invalid);
    keepDescribedBy(input, describedBy);
    if (hidden) {
      // A new text typed no longer names the row chosen: the server resolves the text.
      input.addEventListener("input", function () { hidden.value = ""; });
    }
  }

  function init() {
    if (!window.accessibleAutocomplete) return;
    document.querySelectorAll("input[data-autocomplete]").forEach(enhance);
  }

  // Forms htmx brings in later (a partial) are enhanced too; an enhanced input loses the attribute.
  document.addEventListener("htmx:load", function (event) {
    if (window.accessibleAutocomplete && event.detail.elt.querySelectorAll) {
      event.detail.elt.querySelectorAll("input[data-autocomplete]").forEach(enhance);
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
