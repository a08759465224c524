// Chronicle UI: the only script. Mirrors the focused or hovered highlight's record into the
// inspector (titles do not show on keyboard focus), toggles the inline tags, and brushes a
// date range on the Trends chart (drag across the bars: the range goes into the form's
// since/until boxes and the form is sent, so every view gets it through the links), and
// names the cells of reflowed tables on narrow screens.
(function () {
  "use strict";
  function show(mark) {
    var body = document.getElementById("inspector-body");
    if (!body || !mark) return;
    var record = mark.getAttribute("data-record") || mark.getAttribute("title") || "";
    body.textContent = mark.textContent.replace(/\s+/g, " ").trim() + "\n\n" + record;
    var prev = document.querySelectorAll("mark.hl.active");
    for (var i = 0; i < prev.length; i++) prev[i].classList.remove("active");
    mark.classList.add("active");
  }
  function markOf(target) {
    return target && target.closest ? target.closest("#article-text mark.hl") : null;
  }
  // Keyboard (Tab to a highlight), pointer (hover) and touch (tap) all show its record.
  document.addEventListener("focusin", function (e) { var m = markOf(e.target); if (m) show(m); });
  document.addEventListener("mouseover", function (e) { var m = markOf(e.target); if (m) show(m); });
  document.addEventListener("click", function (e) {
    var m = markOf(e.target);
    if (m) { show(m); if (m.focus) m.focus(); }
  });
  // Enter or Space on a focused highlight shows it too; Escape clears the inspector.
  document.addEventListener("keydown", function (e) {
    var m = markOf(e.target);
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); show(m); }
    if (e.key === "Escape") {
      var body = document.getElementById("inspector-body");
      var prev = document.querySelectorAll("mark.hl.active");
      for (var i = 0; i < prev.length; i++) prev[i].classList.remove("active");
      if (body && prev.length) body.textContent = "Select a highlight (Tab, tap or hover) to see its record.";
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("show-tags");
    var text = document.getElementById("article-text");
    if (toggle && text) {
      toggle.addEventListener("change", function () { text.classList.toggle("tags", toggle.checked); });
    }
  });
  function brush(svg) {
    var form = document.querySelector('form.filters[action="/trends"]');
    var periods = svg.querySelectorAll(".period");
    if (!form || !periods.length) return;
    var left = parseFloat(svg.getAttribute("data-left")) || 0;
    var slot = parseFloat(svg.getAttribute("data-slot")) || 1;
    var hit = periods[0].querySelector("rect.hit");
    var top = parseFloat(hit.getAttribute("y")), height = parseFloat(hit.getAttribute("height"));
    var box = svg.querySelector("rect.brush");
    var start = null, dragged = false;
    function svgX(e) {
      var pt = svg.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      var m = svg.getScreenCTM();
      return m ? pt.matrixTransform(m.inverse()).x : pt.x;
    }
    function index(x) {
      return Math.max(0, Math.min(periods.length - 1, Math.floor((x - left) / slot)));
    }
    function draw(a, b) {
      var i = Math.min(a, b), j = Math.max(a, b);
      box.setAttribute("x", left + i * slot); box.setAttribute("width", (j - i + 1) * slot);
      box.setAttribute("y", top); box.setAttribute("height", height);
      box.setAttribute("visibility", "visible");
    }
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      start = svgX(e); dragged = false;
      try { svg.setPointerCapture(e.pointerId); } catch (err) { /* synthetic or gone pointer */ }
    });
    svg.addEventListener("pointermove", function (e) {
      if (start === null) return;
      var x = svgX(e);
      if (Math.abs(x - start) > 4) dragged = true;
      if (dragged) draw(index(start), index(x));
    });
    svg.addEventListener("pointerup", function (e) {
      if (start === null) return;
      var a = index(start), b = index(svgX(e));
      start = null;
      if (!dragged) return;
      var i = Math.min(a, b), j = Math.max(a, b);
      form.elements.since.value = periods[i].getAttribute("data-start");
      form.elements.until.value = periods[j].getAttribute("data-end");
      form.submit();
    });
    svg.addEventListener("click", function (e) { if (dragged) e.preventDefault(); }, true);
  }
  // On narrow screens tables reflow into stacked rows; each cell then shows its column's
  // name (the stylesheet prints data-label), for tables whose cells do not carry one.
  function labelCells(table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    var rows = table.querySelectorAll("tbody tr");
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].children;
      for (var c = 0; c < cells.length && c < heads.length; c++) {
        if (!cells[c].hasAttribute("data-label")) cells[c].setAttribute("data-label", heads[c].textContent.trim());
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var tables = document.querySelectorAll("table");
    for (var t = 0; t < tables.length; t++) labelCells(tables[t]);
    var charts = document.querySelectorAll("svg.stacked");
    for (var i = 0; i < charts.length; i++) brush(charts[i]);
  });
})();
