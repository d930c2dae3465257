// Quiz attempt page: countdown from the server's remaining time, autosave of the whole form
// (on change and every few seconds while something is unsaved), retries after a dropped
// connection. Without this script the form still submits; the server enforces every rule.
(function () {
  "use strict";
  var form = document.querySelector("form[data-quiz-attempt]");
  if (!form) return;
  var saveUrl = form.getAttribute("data-save-url");
  var resultUrl = form.getAttribute("data-result-url");
  var status = form.querySelector("[data-save-status]");
  var countdown = document.querySelector("[data-countdown]");
  var alertBox = document.querySelector("[data-timer-alert]");
  var dirty = false, saving = false, failures = 0, submitting = false, retryTimer = null;

  function say(key) {
    if (status) status.textContent = status.getAttribute("data-" + key) || "";
  }

  function save() {
    if (saving || submitting || !dirty) return;
    saving = true;
    dirty = false;
    say("saving");
    fetch(saveUrl, { method: "POST", body: new FormData(form), credentials: "same-origin",
                     headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (body && (body.submitted || response.status === 409)) {
            submitting = true;
            window.location.assign(body.result_url || resultUrl);
            return;
          }
          if (!response.ok) throw new Error("HTTP " + response.status);
          failures = 0;
          say("ok");
        });
      })
      .catch(function () {
        dirty = true; // keep the answers for the next try
        failures += 1;
        say("retry");
        clearTimeout(retryTimer);
        retryTimer = setTimeout(save, Math.min(30000, 1000 * Math.pow(2, failures)));
      })
      .then(function () { saving = false; });
  }

  var debounce = null;
  function changed() {
    dirty = true;
    clearTimeout(debounce);
    debounce = setTimeout(save, 1500);
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  setInterval(save, 8000);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && navigator.sendBeacon && !submitting) {
      if (navigator.sendBeacon(saveUrl, new FormData(form))) dirty = false;
    }
  });
  function confirmed() {
    var yes = form.querySelector("input[name=confirmed]");
    if (!yes) {
      yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirmed";
      form.appendChild(yes);
    }
    yes.value = "1";
  }

  // Questions left without an answer (a matching question: any statement without a pick).
  function unanswered() {
    var missing = [];
    form.querySelectorAll("fieldset.question").forEach(function (set) {
      var choices = set.querySelectorAll("input[type=radio], input[type=checkbox]");
      var texts = set.querySelectorAll("input[type=text], select");
      var empty;
      if (choices.length) {
        empty = !set.querySelector("input:checked");
      } else if (texts.length) {
        empty = Array.prototype.some.call(texts, function (f) { return !f.value.trim(); });
      } else {
        return; // a part that is only read
      }
      if (empty) missing.push(set);
    });
    return missing;
  }

  // Sending with questions unanswered asks first (the server asks on a page of its own when
  // this script does not run); "cancel" goes to the first question without an answer.
  form.addEventListener("submit", function (event) {
    var missing = submitting ? [] : unanswered();
    if (missing.length) {
      var ask = (form.getAttribute("data-confirm-unanswered") || "%s").replace("%s", String(missing.length));
      if (!window.confirm(ask)) {
        event.preventDefault();
        missing[0].scrollIntoView({ block: "start" });
        var first = missing[0].querySelector("input, select");
        if (first) first.focus({ preventScroll: true });
        return;
      }
    }
    confirmed();
    submitting = true;
  });

  // Countdown: the server computed the seconds left; the device's clock is not trusted.
  if (countdown) {
    var end = Date.now() + 1000 * parseInt(countdown.getAttribute("data-seconds-left") || "0", 10);
    var told = {};
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      countdown.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      var key = left <= 0 ? "over" : left <= 60 ? "one" : left <= 300 ? "five" : null;
      if (key && !told[key] && alertBox) {
        told[key] = true;
        alertBox.textContent = alertBox.getAttribute("data-" + key) || "";
      }
      if (left <= 0) {
        clearInterval(timer);
        if (!submitting) {
          submitting = true;
          confirmed(); // time is up: nothing to ask
          form.submit(); // within the server's grace period; late answers would not count
        }
      }
    };
    var timer = setInterval(tick, 1000);
    tick();
  }
})();
