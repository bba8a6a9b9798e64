// aidquiz serve: progressive enhancement only. Every page works without
// this script; with it, answers save without a reload, steps move in place
// and the countdown ticks. The server's deadline decides, never this clock.
"use strict";

(function () {
  var SCRIPT_HEADER = "x-aidquiz-script";

  function countdown() {
    var left = document.getElementById("time-left");
    if (!left) return;
    var announce = document.getElementById("time-announce");
    var seconds = parseInt(left.getAttribute("data-seconds-left"), 10);
    var reviewUrl = left.getAttribute("data-review-url");
    var started = performance.now();
    var warned = {};
    // As the server writes it: 4:05, or 1:02:03 past an hour.
    function format(s) {
      var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
      var two = function (n) { return (n < 10 ? "0" : "") + n; };
      return h > 0 ? h + ":" + two(m) + ":" + two(r) : m + ":" + two(r);
    }
    function tick() {
      var remaining = Math.max(0, seconds - Math.floor((performance.now() - started) / 1000));
      left.textContent = format(remaining);
      [[300, "5 minutes left."], [60, "1 minute left."]].forEach(function (w) {
        if (seconds > w[0] && remaining <= w[0] && !warned[w[0]]) {
          warned[w[0]] = true;
          if (announce) announce.textContent = w[1];
        }
      });
      if (remaining <= 0) {
        if (announce) announce.textContent = "Time is up.";
        // A second's grace, so the server's clock has passed the deadline too.
        setTimeout(function () { window.location.assign(reviewUrl); }, 1000);
        return;
      }
      setTimeout(tick, 250);
    }
    tick();
  }

  function save(form, extra) {
    var data = new URLSearchParams(new FormData(form));
    if (extra) data.set(extra[0], extra[1]);
    data.set("go", "stay");
    var status = document.getElementById("save-status");
    return fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", [SCRIPT_HEADER]: "1" },
      body: data.toString(),
      credentials: "same-origin",
    }).then(function (response) {
      if (response.status === 204) {
        if (status) status.textContent = "Answer saved.";
        var current = document.querySelector('.navigator a[aria-current="page"]');
        if (current && current.classList.contains("unanswered")) {
          current.classList.remove("unanswered");
          current.classList.add("answered");
          var state = current.querySelector(".state");
          if (state) state.insertAdjacentText("afterbegin", "✓");
        }
      } else if (response.status === 409) {
        // Too late: the server refused it; its page says why.
        window.location.reload();
      } else {
        return response.text().then(function (text) {
          if (status) status.textContent = "Not saved: " + text;
        });
      }
    }).catch(function () {
      if (status) status.textContent = "Not saved: the server could not be reached. Use the Save button.";
    });
  }

  function moveStep(form, button) {
    var parts = button.value.split("-");
    var li = button.closest("li");
    var list = li.parentNode;
    if (parts[0] === "up" && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (parts[0] === "down" && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    } else {
      return;
    }
    var items = list.querySelectorAll("li");
    items.forEach(function (item, place) {
      var buttons = item.querySelectorAll("button.move");
      buttons[0].value = "up-" + place;
      buttons[0].disabled = place === 0;
      buttons[1].value = "down-" + place;
      buttons[1].disabled = place === items.length - 1;
    });
    var touched = form.querySelector('input[name="order-touched"]');
    if (touched) touched.value = "1";
    // Keep focus on the same button of the step that moved (or its other
    // button when it reached an end).
    var same = li.querySelector('button.move[value^="' + parts[0] + '-"]');
    (same && !same.disabled ? same : li.querySelector("button.move:not([disabled])")).focus();
    var status = document.getElementById("save-status");
    if (status) status.textContent = "Moved " + parts[0] + ".";
    if (form.getAttribute("data-autosave") === "1") save(form);
  }

  function enhanceForm() {
    var form = document.getElementById("question-form");
    if (!form) return;
    if (form.getAttribute("data-autosave") === "1") {
      form.addEventListener("change", function () { save(form); });
    }
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button.move");
      if (!button) return;
      event.preventDefault();
      moveStep(form, button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdown();
    enhanceForm();
  });
})();
