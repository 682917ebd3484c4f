// Registration form helpers: consent date follows the start date until it is set by hand.
(function () {
  "use strict";
  var start = document.getElementById("id_s-startdatum");
  var consent = document.getElementById("id_s-samtycke_datum");
  if (start && consent) {
    var touched = consent.value !== "";
    consent.addEventListener("input", function () { touched = true; });
    start.addEventListener("change", function () { if (!touched) { consent.value = start.value; } });
  }
  // Jump to the first field with an error; after "Sök person" found the person, on to Insats.
  var bad = document.querySelector(".has-error input, .has-error select, .has-error textarea");
  var form = document.getElementById("register-form");
  var next = form && document.getElementById(form.getAttribute("data-focus") || "");
  if (bad) { bad.focus(); } else if (next) { next.focus(); }
})();
