// Chronicle UI: the only script. Mirrors the focused or hovered highlight's record into the
// inspector (titles do not show on keyboard focus), and toggles the inline tags.
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
})();
