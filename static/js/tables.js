/* Tables, as progressive enhancements (the CSP forbids inline scripts); rows that htmx swaps in
 * are handled too.
 * - Tables marked .gv-stack read as one card per row on a phone (static/css/gouvernail.css):
 *   each cell is labelled with its column's header, copied here into data-label unless the
 *   template gave one. Without this script the cards still stack, unlabelled.
 * - A table wider than its .table-responsive box scrolls inside it: the box becomes a named,
 *   focusable region, so that a keyboard can scroll it too (WCAG 2.1.1). */
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

  function scrollable(box) {
    if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute("tabindex")) return;
    var table = box.querySelector("table");
    var caption = table && table.caption;
    var labelledBy = table && table.getAttribute("aria-labelledby");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (labelledBy) box.setAttribute("aria-labelledby", labelledBy);
    else if (caption) box.setAttribute("aria-label", caption.innerText.trim());
    else if (table && table.getAttribute("aria-label")) box.setAttribute("aria-label", table.getAttribute("aria-label"));
    else {
      var section = box.closest("section[aria-labelledby]");
      if (section) box.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
    }
  }

  function labelAll() {
    document.querySelectorAll("table.gv-stack").forEach(label);
    document.querySelectorAll(".table-responsive").forEach(scrollable);
  }

  document.addEventListener("DOMContentLoaded", labelAll);
  document.addEventListener("htmx:afterSettle", labelAll);
  window.addEventListener("resize", function () {
    document.querySelectorAll(".table-responsive").forEach(scrollable);
  });
})();
