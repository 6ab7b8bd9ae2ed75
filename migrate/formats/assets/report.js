(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var items = Array.prototype.slice.call(document.querySelectorAll(".item"));
  var texts = items.map(function (el) { return el.textContent.toLowerCase(); });
  var outcomeBoxes = Array.prototype.slice.call(document.querySelectorAll(".filter-outcome"));
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll(".filter-kind"));
  var search = document.getElementById("search");
  var counter = document.getElementById("visible-count");
  var sections = Array.prototype.slice.call(document.querySelectorAll(".kind-section"));
  var shapes = Array.prototype.slice.call(document.querySelectorAll(".shape"));

  function checked(boxes) {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    return on;
  }

  function apply() {
    var outcomes = checked(outcomeBoxes);
    var kinds = checked(kindBoxes);
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (el, i) {
      var ok = outcomes[el.dataset.outcome] !== false && kinds[el.dataset.kind] !== false;
      for (var t = 0; ok && t < terms.length; t++) {
        if (texts[i].indexOf(terms[t]) < 0) { ok = false; }
      }
      el.hidden = !ok;
      if (ok) { shown++; }
    });
    counter.textContent = String(shown);
    shapes.forEach(function (g) { g.hidden = !g.querySelector(".item:not([hidden])"); });
    sections.forEach(function (sec) {
      var all = sec.querySelectorAll(".item").length;
      var visible = sec.querySelectorAll(".item:not([hidden])").length;
      var count = sec.querySelector(".section-count");
      count.textContent = visible === all ? String(all) : visible + " of " + all;
      var empty = sec.querySelector(".empty");
      if (all > 0) { empty.hidden = visible > 0; }
    });
  }

  outcomeBoxes.concat(kindBoxes).forEach(function (b) { b.addEventListener("change", apply); });
  search.addEventListener("input", apply);

  function setOpen(open) {
    items.forEach(function (el) { if (!el.hidden) { el.open = open; } });
  }
  document.getElementById("expand-all").addEventListener("click", function () {
    setOpen(true);
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    setOpen(false);
  });
  function reset() {
    outcomeBoxes.concat(kindBoxes).forEach(function (b) { b.checked = true; });
    search.value = "";
    apply();
  }
  document.getElementById("filter-reset").addEventListener("click", reset);

  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var item = target.closest(".item");
    if (item && item.hidden) { reset(); }
    for (var node = target; node && node !== document.body; node = node.parentNode) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    target.scrollIntoView({block: "start"});
  }
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () { setOpen(true); });

  apply();
  if (location.hash) { reveal(); }
  root.dataset.ready = "1";
})();
