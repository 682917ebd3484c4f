// The board's start page: a print button (printing needs script; without it Ctrl+P does the same).
(function () {
  "use strict";
  var button = document.getElementById("print-board");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
})();
