// Toggle each highlight kind, filter and open or close the stories, and open whatever a link
// points at (with the sections holding it). No handler is inline: the page's
// Content-Security-Policy runs this script alone, by its hash.
(function () {
  "use strict";
  document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });

  function setAll(open) {
    document.querySelectorAll("details.story").forEach(function (story) {
      story.open = open;
    });
  }
  var openAll = document.getElementById("open-all");
  var closeAll = document.getElementById("close-all");
  if (openAll) { openAll.addEventListener("click", function () { setAll(true); }); }
  if (closeAll) { closeAll.addEventListener("click", function () { setAll(false); }); }

  var filter = document.getElementById("filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      document.querySelectorAll("tr[data-story]").forEach(function (row) {
        var text = row.dataset.search.toLowerCase();
        var shown = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !shown;
        var story = document.getElementById(row.dataset.story);
        if (story) { story.hidden = !shown; }
      });
    });
  }

  function openTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return; }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
