// Every signed-in page: the "Meny" button on narrow screens and the idle-session warning
// (WCAG 2.2.1: the user is told before the session ends and can extend it with one action).
(function () {
  "use strict";
  var button = document.getElementById("menubutton");
  var menu = document.getElementById("topmenu");
  if (button && menu) {
    document.querySelector(".topbar").classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  }

  // A form posted after the skip link would come back at "#main", and the browser's jump there
  // would take focus from the first error: post to the page without the fragment.
  Array.prototype.forEach.call(document.querySelectorAll("form:not([action])"), function (form) {
    form.setAttribute("action", location.pathname + location.search);
  });

  // A form came back with errors: start at the summary, whose links lead to each field.
  var summary = document.querySelector(".errorbox");
  if (summary && document.activeElement === document.body) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
  var box = document.getElementById("session-warning");
  if (!seconds || !box) { return; }
  // Warn five minutes before the end (half the time for very short sessions).
  var lead = Math.min(300, Math.floor(seconds / 2));
  var when = document.getElementById("session-warning-when");
  var extend = document.getElementById("session-extend");
  var warnTimer, endTimer, returnFocus;

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function schedule(total) {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(warn, (total - lead) * 1000);
    endTimer = setTimeout(ended, total * 1000);
  }
  function warn() {
    var end = new Date(Date.now() + lead * 1000);
    when.textContent = "klockan " + end.toLocaleTimeString("sv-SE", {hour: "2-digit", minute: "2-digit"});
    returnFocus = document.activeElement;
    box.hidden = false;
    extend.focus();
  }
  function ended() {
    document.getElementById("session-warning-title").textContent = "Du har loggats ut";
    document.getElementById("session-warning-text").textContent =
      "Du var inaktiv för länge och har loggats ut. Logga in igen för att fortsätta.";
    extend.hidden = true;
    var link = document.createElement("a");
    link.className = "button primary";
    link.href = body.getAttribute("data-login-url") + "?next=" + encodeURIComponent(location.pathname);
    link.textContent = "Logga in igen";
    box.appendChild(link);
    box.hidden = false;
    link.focus();
  }
  extend.addEventListener("click", function () {
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf()}
    }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("session ended"); }
      return response.json();
    }).then(function (data) {
      box.hidden = true;
      if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
      schedule(data.seconds);
    }).catch(ended);
  });
  schedule(seconds);
})();
