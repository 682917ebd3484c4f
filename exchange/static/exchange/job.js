// Import job page: follow a running job's progress, reload the page when it is done.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = document.getElementById("job-progress-text");
  var label = document.getElementById("job-status-label");
  var url = box.getAttribute("data-status-url");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        text.textContent = job.processed + " av cirka " + job.total + " rader";
        label.textContent = job.label;
        if (job.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
