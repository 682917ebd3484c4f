// The admin's own widgets, given the names assistive technology needs (Django's markup leaves
// these without a label): split date/time inputs, tabular inline cells, icon tooltips, select2.
(function () {
  "use strict";
  function name(el, text) {
    if (text && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby") &&
        !(el.id && document.querySelector('label[for="' + el.id + '"]'))) {
      el.setAttribute("aria-label", text.replace(/[:*]\s*$/, "").trim());
    }
  }
  function rowLabel(el) {
    var row = el.closest(".form-row, .fieldBox, div.flex-container");
    var label = row && row.querySelector("label");
    return label ? label.textContent : "";
  }
  function fix() {
    document.querySelectorAll("input.vDateField").forEach(function (el) { name(el, rowLabel(el) + " – datum"); });
    document.querySelectorAll("input.vTimeField").forEach(function (el) { name(el, rowLabel(el) + " – tid"); });
    // Tabular inlines: each cell's field is named by its column header.
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, index) {
          td.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
            name(el, heads[index] || "");
          });
        });
      });
    });
    document.querySelectorAll(".help-tooltip[aria-label], .help-tooltip[title]").forEach(function (el) {
      if (!el.getAttribute("role")) { el.setAttribute("role", "img"); }
      if (!el.getAttribute("aria-label")) { el.setAttribute("aria-label", el.getAttribute("title")); }
    });
    // Wide lists and inline tables scroll inside a named, focusable region, not the page (1.4.10).
    document.querySelectorAll("#changelist .results, .inline-group").forEach(function (el) {
      var heading = el.querySelector("h2");
      el.setAttribute("role", "region");
      el.setAttribute("tabindex", "0");
      name(el, heading ? heading.textContent : (document.querySelector("#content h1") || {}).textContent || "Lista");
    });
    document.querySelectorAll(".select2-selection[role=combobox], .select2-selection__rendered[role=textbox]").forEach(function (el) {
      var container = el.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      if (label && !label.id) { label.id = select.id + "_label"; }
      if (label) { el.setAttribute("aria-labelledby", label.id); }
    });
    document.querySelectorAll("img:not([alt])").forEach(function (img) {
      img.setAttribute("alt", /qr/i.test(img.getAttribute("src") || "") ? "QR-kod för tvåstegsverifiering" : "");
    });
  }
  // After Django's own scripts (calendar, select2, SelectFilter) have built their widgets.
  window.addEventListener("load", function () { fix(); setTimeout(fix, 0); });
})();
