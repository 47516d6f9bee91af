/* Sortable tables, progressive enhancement: a <table data-sortable> gets a button in each header
   (except th[data-nosort] and headers that already link to a server-side order); a click sorts the rows of the first tbody and sets aria-sort. Without
   JavaScript the table stays in the server's order. Cells may carry data-sort="…" for a sort key. */
(function () {
  "use strict";
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return (cell.getAttribute("data-sort") || cell.textContent).trim();
  }
  function asNumber(text) {
    var digits = text.replace(/[^0-9,.\-]/g, "");
    if (!digits || !/^-?[0-9]/.test(digits)) { return null; }
    // grouping dots or commas: treat the last separator followed by 1-2 digits as decimal
    var normal = digits.replace(/[.,](?=\d{3}(\D|$))/g, "").replace(",", ".");
    var value = parseFloat(normal);
    return isNaN(value) ? null : value;
  }
  function compare(a, b) {
    var x = asNumber(a), y = asNumber(b);
    if (x !== null && y !== null) { return x - y; }
    return a.localeCompare(b, document.documentElement.lang || "vi", { sensitivity: "base", numeric: true });
  }
  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
    rows.sort(function (r1, r2) {
      var order = compare(key(r1, index), key(r2, index));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.querySelectorAll("thead th[aria-sort]"), function (th) {
      th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function enhance(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) { return; }
    Array.prototype.forEach.call(head.rows[0].cells, function (th, index) {
      if (th.hasAttribute("data-nosort") || th.querySelector("a, button") || !th.textContent.trim()) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
