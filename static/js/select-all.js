/* "Select all" for a list of checkboxes, as a progressive enhancement (the CSP forbids inline
 * scripts). A checkbox with data-select-all="<name>" and data-select-form="<form id>" controls
 * every checkbox of that name that belongs to that form (and, with data-select-scope="<element
 * id>", lies inside that element: one campaign's items). It is hidden until this script runs,
 * shows checked, unchecked or mixed, and follows rows that htmx swaps in. */
(function () {
  "use strict";

  var MASTER = "input[type=checkbox][data-select-all]";

  function boxes(master) {
    var form = document.getElementById(master.getAttribute("data-select-form"));
    if (!form) return [];
    var name = master.getAttribute("data-select-all");
    var scopeId = master.getAttribute("data-select-scope");
    var scope = scopeId ? document.getElementById(scopeId) : null;
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "checkbox" && el.name === name && !el.disabled && el !== master &&
        (!scope || scope.contains(el));
    });
  }

  function sync(master) {
    var all = boxes(master);
    var checked = all.filter(function (box) { return box.checked; }).length;
    master.disabled = all.length === 0;
    master.checked = all.length > 0 && checked === all.length;
    master.indeterminate = checked > 0 && checked < all.length;
  }

  function syncAll() {
    document.querySelectorAll(MASTER).forEach(sync);
  }

  function start() {
    document.querySelectorAll(MASTER).forEach(function (master) {
      var shown = master.closest("[data-select-all-wrapper]") || master;
      shown.hidden = false;
      sync(master);
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || target.type !== "checkbox") return;
    if (target.matches(MASTER)) {
      boxes(target).forEach(function (box) { box.checked = target.checked; });
    }
    syncAll();
  });
  document.addEventListener("htmx:afterSettle", syncAll);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
