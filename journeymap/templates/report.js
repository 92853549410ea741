// Progressive enhancement: a persona filter. The report reads fully without it.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("journey-data").textContent);
  var filter = document.getElementById("persona-filter");
  if (!filter || data.personas.length < 2) { return; }
  filter.parentNode.hidden = false;
  filter.addEventListener("change", function () {
    var chosen = filter.value;
    document.querySelectorAll("[data-persona]").forEach(function (element) {
      var show = !chosen || element.getAttribute("data-persona") === chosen;
      element.classList.toggle("dimmed", !show);
    });
  });
})();
