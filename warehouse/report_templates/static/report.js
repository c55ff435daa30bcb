// spbe-claims evidence report: progressive enhancement only (the pages are complete without it).
// - filter boxes: hide table rows not containing the typed words
// - chart points: clicking a point filters the claims table to that year
(function () {
  "use strict";
  function applyFilter(table, words) {
    var rows = table.querySelectorAll("tbody tr");
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].textContent.toLowerCase();
      var show = words.every(function (w) { return text.indexOf(w) >= 0; });
      rows[i].classList.toggle("hidden", !show);
    }
  }
  var inputs = document.querySelectorAll("input.filter");
  for (var i = 0; i < inputs.length; i++) {
    (function (input) {
      var table = document.querySelector(input.getAttribute("data-target"));
      if (!table) { return; }
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        applyFilter(table, words);
      });
    })(inputs[i]);
  }
  var claims = document.getElementById("claims");
  var points = document.querySelectorAll("svg .pt[data-year]");
  for (var j = 0; j < points.length; j++) {
    points[j].addEventListener("click", function (ev) {
      var pt = ev.currentTarget, year = pt.getAttribute("data-year");
      var active = pt.classList.contains("active");
      for (var k = 0; k < points.length; k++) { points[k].classList.remove("active"); }
      if (!claims) { return; }
      var rows = claims.querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        rows[r].classList.toggle("hidden", !active && rows[r].getAttribute("data-year") !== year);
      }
      if (!active) { pt.classList.add("active"); }
    });
  }
})();
