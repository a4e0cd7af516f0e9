/* Tables marked .gv-stack read as one card per row on a phone (static/css/gouvernail.css):
 * each cell is labelled with its column's header, copied here into data-label unless the
 * template gave one. A progressive enhancement (the CSP forbids inline scripts): without it
 * the cards still stack, unlabelled. Rows that htmx swaps in are labelled too. */
(function () {
  "use strict";

  function label(table) {
    var heads = table.querySelectorAll("thead tr:last-child > th");
    if (!heads.length) return;
    var names = Array.prototype.map.call(heads, function (th) {
      return th.innerText.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var name = names[column];
        if (name && !cell.hasAttribute("data-label") && cell.colSpan === 1) {
          cell.setAttribute("data-label", name);
        }
        column += cell.colSpan || 1;
      });
    });
  }

  function labelAll(root) {
    (root || document).querySelectorAll("table.gv-stack").forEach(label);
  }

  document.addEventListener("DOMContentLoaded", function () { labelAll(); });
  document.addEventListener("htmx:afterSettle", function () { labelAll(); });
})();
