// The page of a job that waits or runs reloads itself every few seconds until the result is
// there. Without JavaScript the page offers a "Perbarui sekarang" (update now) button instead.
// No <meta http-equiv="refresh">: axe reports it as a critical failure (WCAG 2.2.1, timing).
(function () {
  "use strict";
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box) {
    return;
  }
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 3;
  window.setTimeout(function () {
    if (!document.hidden) {
      window.location.reload();
    } else {  // a tab in the background waits until it is looked at again
      document.addEventListener("visibilitychange", function () { window.location.reload(); }, { once: true });
    }
  }, seconds * 1000);
})();
