/* genderscan report: offline filters and search (vanilla JS, no network).
   Filters only toggle classes on <body>; the generated CSS hides the matching
   notes, rows and highlights, so a 20k-sentence report stays responsive. */
(function () {
  "use strict";
  var body = document.body;
  var statusEl = document.getElementById("filter-status");
  var search = document.getElementById("q");
  var onlyFlagged = document.getElementById("only-flagged");
  var reset = document.getElementById("reset");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var notes = Array.prototype.slice.call(document.querySelectorAll("aside.note"));
  var sentences = null;
  var timer = null;

  function format(tpl, values) {
    return tpl.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // Count from classes, not from layout: asking 2000 notes for their size
  // forces a full layout of a 20k-sentence document.
  var noteKeys = notes.map(function (note) {
    return Array.prototype.filter.call(note.classList, function (c) {
      return c.indexOf("c-") === 0 || c.indexOf("sev-") === 0;
    });
  });

  function visibleNotes() {
    var hidden = {};
    boxes.forEach(function (box) { if (!box.checked) { hidden[box.getAttribute("data-filter")] = true; } });
    var shown = 0;
    for (var i = 0; i < noteKeys.length; i++) {
      var keys = noteKeys[i];
      var visible = true;
      for (var k = 0; k < keys.length; k++) { if (hidden[keys[k]]) { visible = false; break; } }
      if (visible) { shown++; }
    }
    return shown;
  }

  function updateStatus(searchCount) {
    if (!statusEl) { return; }
    var text = format(statusEl.getAttribute("data-tpl") || "", { shown: visibleNotes(), total: notes.length });
    if (searchCount !== undefined && searchCount !== null) {
      text += " · " + format(statusEl.getAttribute("data-search-tpl") || "", { n: searchCount });
    }
    statusEl.textContent = text;
  }

  function applyFilter(box) {
    body.classList.toggle("hide-" + box.getAttribute("data-filter"), !box.checked);
  }

  function runSearch() {
    var query = (search.value || "").trim().toLowerCase();
    if (!sentences) { sentences = Array.prototype.slice.call(document.querySelectorAll(".doc-text .s")); }
    var blocks = document.querySelectorAll(".doc-text .blk");
    if (!query) {
      body.classList.remove("searching");
      for (var i = 0; i < sentences.length; i++) { sentences[i].classList.remove("miss", "hit"); }
      for (var j = 0; j < blocks.length; j++) { blocks[j].classList.remove("miss"); }
      updateStatus(null);
      return;
    }
    var hits = 0;
    for (var k = 0; k < sentences.length; k++) {
      var match = sentences[k].textContent.toLowerCase().indexOf(query) !== -1;
      sentences[k].classList.toggle("miss", !match);
      sentences[k].classList.toggle("hit", match);
      if (match) { hits++; }
    }
    for (var b = 0; b < blocks.length; b++) {
      blocks[b].classList.toggle("miss", !blocks[b].querySelector(".s.hit"));
    }
    body.classList.add("searching");
    updateStatus(hits);
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () { applyFilter(box); updateStatus(); });
  });
  if (onlyFlagged) {
    onlyFlagged.addEventListener("change", function () {
      body.classList.toggle("only-flagged", onlyFlagged.checked);
    });
  }
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(runSearch, 150);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { search.value = ""; runSearch(); }
    });
  }
  if (reset) {
    reset.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = true; applyFilter(box); });
      if (onlyFlagged) { onlyFlagged.checked = false; body.classList.remove("only-flagged"); }
      if (search) { search.value = ""; runSearch(); }
      updateStatus();
    });
  }
  updateStatus();
})();
