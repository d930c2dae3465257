// Lesson page: mark "view" lessons done when the end is reached, retry when the connection
// drops (the server's "done" is idempotent), and keep/restore the reading position.
(function () {
  "use strict";
  var article = document.querySelector("[data-lesson]");
  if (!article) return;
  var form = document.querySelector(".done-form");
  var token = form && form.querySelector("input[name=csrf_token]");
  var status = document.querySelector("[data-sync-status]");
  var doneUrl = article.getAttribute("data-done-url");
  var positionUrl = article.getAttribute("data-position-url");
  var isDone = article.getAttribute("data-done") === "true";

  function post(url, fields) {
    var body = new FormData();
    body.append("csrf_token", token ? token.value : "");
    Object.keys(fields || {}).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "Accept": "application/json" } });
  }

  function markDone(attempt) {
    if (isDone) return;
    attempt = attempt || 0;
    post(doneUrl).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      isDone = true;
      if (status) status.textContent = status.getAttribute("data-ok") || "✓";
    }).catch(function () {
      var wait = Math.min(30000, 1000 * Math.pow(2, attempt));
      if (status) status.textContent = status.getAttribute("data-retry") || "…";
      setTimeout(function () { markDone(attempt + 1); }, wait);
    });
  }

  // Restore the reading position (fraction of the article's height).
  var saved = parseFloat(article.getAttribute("data-position") || "0");
  if (saved > 0.02 && saved < 0.98 && !location.hash) {
    var top = article.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top + saved * article.offsetHeight - 80);
  }

  var lastSent = saved;
  function fraction() {
    var rect = article.getBoundingClientRect();
    var seen = window.innerHeight - rect.top;
    return Math.max(0, Math.min(1, seen / Math.max(1, rect.height)));
  }
  function sendPosition() {
    var f = fraction();
    if (Math.abs(f - lastSent) < 0.05) return;
    lastSent = f;
    var body = new FormData();
    body.append("csrf_token", token ? token.value : "");
    body.append("position", f.toFixed(3));
    if (navigator.sendBeacon) navigator.sendBeacon(positionUrl, body);
  }
  var timer = null;
  window.addEventListener("scroll", function () {
    if (timer) return;
    timer = setTimeout(function () { timer = null; sendPosition(); }, 2000);
  }, { passive: true });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendPosition();
  });

  if (article.getAttribute("data-completion") === "view" && "IntersectionObserver" in window) {
    var end = document.querySelector("[data-lesson-end]");
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        markDone(0);
      }
    });
    if (end) observer.observe(end);
  }
})();
