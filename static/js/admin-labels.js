/* Names for the admin's fields that Django and Select2 leave without one (a file, as the CSP
 * forbids inline scripts); run on load and again whenever rows or widgets are added:
 * - a field of a tabular inline has its column's heading above it, but no label: it is named
 *   after that heading;
 * - an autocomplete field (Select2) names its combobox after the value chosen only, so an empty
 *   one has no name: it is named after its field's label too. The value shown inside it is
 *   plain text, not a read-only text box without a name. */
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]), select, textarea";

  function labelFor(element) {
    return element.id ? document.querySelector('label[for="' + element.id + '"]') : null;
  }

  function nameCells(table) {
    var heads = table.querySelectorAll("thead th");
    table.querySelectorAll("tbody td").forEach(function (cell) {
      var head = null;
      if (cell.classList.contains("delete")) {
        head = heads[heads.length - 1];
      } else {
        cell.classList.forEach(function (name) {
          if (name.indexOf("field-") === 0) {
            head = table.querySelector("thead th.column-" + name.slice(6)) || head;
          }
        });
      }
      var text = head ? head.textContent.trim() : "";
      if (!text) return;
      cell.querySelectorAll(FIELDS).forEach(function (field) {
        if (!labelFor(field) && !field.hasAttribute("aria-label")) {
          field.setAttribute("aria-label", text);
        }
      });
    });
  }

  function nameSelect2(selection) {
    var container = selection.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select) return;
    var rendered = selection.querySelector('[role="textbox"]');
    if (rendered) {
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
    }
    var label = labelFor(select);
    if (!label) {
      if (select.hasAttribute("aria-label") && !selection.hasAttribute("aria-label")) {
        selection.setAttribute("aria-label", select.getAttribute("aria-label"));
      }
      return;
    }
    if (!label.id) label.id = select.id + "-label";
    var ids = (selection.getAttribute("aria-labelledby") || "").split(" ");
    if (ids.indexOf(label.id) === -1) {
      selection.setAttribute("aria-labelledby", [label.id].concat(ids).join(" ").trim());
    }
  }

  function nameAll() {
    document.querySelectorAll(".tabular table").forEach(nameCells);
    document.querySelectorAll('.select2-selection[role="combobox"]').forEach(nameSelect2);
  }

  nameAll();
  new MutationObserver(nameAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
