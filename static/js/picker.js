// Searchable pickers (design system: .picker). A list of checkboxes that works without
// JavaScript; with it, a search box narrows the list as one types (accents and case ignored),
// a counter says how many are ticked, and one button ticks every option shown.
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), function (picker) {
    var tools = picker.querySelector("[data-picker-tools]");
    var find = picker.querySelector("[data-picker-find]");
    var count = picker.querySelector("[data-picker-count]");
    var none = picker.querySelector("[data-picker-none]");
    var all = picker.querySelector("[data-picker-all]");
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-option]"));
    var boxes = options.map(function (o) { return o.querySelector("input"); });
    var texts = options.map(function (o) { return fold(o.textContent); });
    if (tools) tools.hidden = false;

    function recount() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      if (count) count.textContent = (count.getAttribute("data-text") || "%s").replace("%s", n);
    }
    function filter() {
      var words = fold(find.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        option.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown !== 0;
    }
    if (find) find.addEventListener("input", filter);
    if (all) all.addEventListener("click", function () {
      options.forEach(function (option, i) { if (!option.hidden) boxes[i].checked = true; });
      recount();
    });
    picker.addEventListener("change", recount);
    recount();
  });
})();
