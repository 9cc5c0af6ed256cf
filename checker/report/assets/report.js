// Filters and search for the claimcheck HTML report. The discrepancy cards are in the
// page already; this keeps in the list only those that match, using the JSON index.
// Cards that do not match are taken out of the document rather than hidden: with a
// thousand cards, hiding them one by one costs Chromium seconds of layout, while
// putting the matching ones back in one fragment takes milliseconds.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cc-data").textContent);
  var list = document.getElementById("cards");
  var cards = Array.prototype.slice.call(list.children);
  var current = "";
  var form = document.getElementById("filters");
  var search = document.getElementById("f-search");
  var selects = {
    status: document.getElementById("f-status"),
    kind: document.getElementById("f-kind"),
    source: document.getElementById("f-source"),
    language: document.getElementById("f-language")
  };
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var fold = function (s) { return s.normalize("NFKC").toLowerCase(); };
  var haystacks = data.items.map(function (item) { return fold(item.text); });

  function matches(item, i, terms, want) {
    if (want.status && item.status !== want.status) return false;
    if (want.kind && item.kind !== want.kind) return false;
    if (want.source && item.sources.indexOf(want.source) < 0) return false;
    if (want.language && item.languages.indexOf(want.language) < 0) return false;
    for (var t = 0; t < terms.length; t++) {
      if (haystacks[i].indexOf(terms[t]) < 0) return false;
    }
    return true;
  }

  function apply() {
    var terms = fold(search.value).split(/\s+/).filter(Boolean);
    var want = {};
    Object.keys(selects).forEach(function (key) { want[key] = selects[key].value; });
    var keep = [];
    for (var i = 0; i < data.items.length; i++) {
      if (matches(data.items[i], i, terms, want)) keep.push(i);
    }
    var shown = keep.length;
    var signature = keep.join(",");
    if (signature !== current) {
      var fragment = document.createDocumentFragment();
      keep.forEach(function (k) { fragment.appendChild(cards[k]); });
      list.replaceChildren(fragment);
      current = signature;
    }
    var total = data.items.length;
    count.textContent =
      "Showing " + shown + " of " + total + (total === 1 ? " discrepancy" : " discrepancies");
    none.hidden = shown > 0;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("f-clear").addEventListener("click", function () {
    form.reset();
    apply();
    search.focus();
  });
  current = cards.map(function (_, k) { return k; }).join(",");
  apply();
})();
