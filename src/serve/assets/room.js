// The instructor's room page: with this script the board (and the list of
// learners who can be given extra time) refreshes in place every few
// seconds, and the forms keep what is typed; without it, a <noscript> meta
// refresh reloads the whole page.
"use strict";

(function () {
  var board = document.getElementById("board");
  if (!board) return;
  var url = board.getAttribute("data-board-url");
  var updated = document.getElementById("board-updated");
  function refresh() {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("board");
        if (fresh) {
          board.replaceWith(fresh);
          board = fresh;
        }
        // The learners who can be given extra time, keeping the one chosen.
        var select = document.getElementById("extra-learner");
        var options = doc.getElementById("extra-learner");
        if (select && options && document.activeElement !== select) {
          var chosen = select.value;
          select.replaceChildren.apply(select, Array.prototype.slice.call(options.children));
          if (Array.prototype.some.call(select.options, function (o) { return o.value === chosen; })) select.value = chosen;
        }
        if (updated) updated.textContent = "Updated " + new Date().toLocaleTimeString() + ".";
      })
      .catch(function () {
        // The learners who can be given extra time, keeping the one chosen.
        var select = document.getElementById("extra-learner");
        var options = doc.getElementById("extra-learner");
        if (select && options && document.activeElement !== select) {
          var chosen = select.value;
          select.replaceChildren.apply(select, Array.prototype.slice.call(options.children));
          if (Array.prototype.some.call(select.options, function (o) { return o.value === chosen; })) select.value = chosen;
        }
        if (updated) updated.textContent = "Could not refresh; reload the page.";
      })
      .finally(function () {
        setTimeout(refresh, 3000);
      });
  }
  setTimeout(refresh, 3000);
})();
