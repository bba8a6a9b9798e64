// The instructor's room page: with this script the board refreshes in place
// every few seconds (the forms below it keep what is typed); without it, a
// <noscript> meta refresh reloads the whole page.
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
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
        if (fresh) {
          board.replaceWith(fresh);
          board = fresh;
        }
        if (updated) updated.textContent = "Updated " + new Date().toLocaleTimeString() + ".";
      })
      .catch(function () {
        if (updated) updated.textContent = "Could not refresh; reload the page.";
      })
      .finally(function () {
        setTimeout(refresh, 3000);
      });
  }
  setTimeout(refresh, 3000);
})();
