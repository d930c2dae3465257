/* The SCORM 1.2 player: scorm-again's Scorm12API as window.API for the package in the frame.
 *
 * Every commit goes to the server as the package calls LMSCommit/LMSFinish (synchronous, so
 * LMSCommit answers truthfully), and once more when the page is left (a beacon, which
 * survives the unload). A commit that cannot reach the server (connection dropped) is kept
 * in this device's storage and sent when the connection returns or on the next visit, so no
 * progress is lost on a weak connection. */
(function () {
  "use strict";
  var configNode = document.getElementById("scorm-config");
  var frame = document.getElementById("scorm-frame");
  var status = document.getElementById("scorm-save");
  if (!configNode || !frame || !window.Scorm12API) { return; }
  var config = JSON.parse(configNode.textContent);
  var session = (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random())
    .replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64);

  function readPending() {
    try { return JSON.parse(localStorage.getItem(config.storageKey) || "null"); } catch (e) { return null; }
  }
  function writePending(body) {
    try { localStorage.setItem(config.storageKey, JSON.stringify(body)); } catch (e) { /* private mode: no copy */ }
  }
  function clearPending() {
    try { localStorage.removeItem(config.storageKey); } catch (e) { /* nothing kept */ }
  }
  function say(key) {
    if (status && status.dataset[key]) { status.textContent = status.dataset[key]; }
  }

  // A commit left over from a visit whose connection dropped: send it first, and start from it.
  function sendPending() {
    var pending = readPending();
    if (!pending) { return; }
    fetch(config.commitUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify(pending)
    }).then(function (response) {
      // Refused data (422) would be refused again: drop it rather than retry for ever.
      if (response.ok || response.status === 422 || response.status === 404) {
        var still = readPending();
        if (still && still.commitId === pending.commitId) { clearPending(); }
        if (response.ok) { say("saved"); }
      }
    }).catch(function () { say("offline"); });
  }
  var leftOver = readPending();
  if (leftOver && leftOver.cmi && leftOver.cmi.core) {
    var core = config.cmi.core;
    ["lesson_status", "lesson_location", "score"].forEach(function (name) {
      if (leftOver.cmi.core[name] !== undefined) { core[name] = leftOver.cmi.core[name]; }
    });
    if (typeof leftOver.cmi.suspend_data === "string") {
      config.cmi.suspend_data = leftOver.cmi.suspend_data;
      if (leftOver.cmi.suspend_data) { core.entry = "resume"; }
    }
    sendPending();
  }

  var api = new window.Scorm12API({
    lmsCommitUrl: config.commitUrl,
    dataCommitFormat: "json",
    autocommit: true,
    autocommitSeconds: 30,
    xhrHeaders: { "X-CSRFToken": config.csrfToken },
    logLevel: 4,
    requestHandler: function (commitObject) {
      // The token inside too: scorm-again's commit at LMSFinish during unload is a beacon,
      // which cannot carry the header.
      var body = { session: session, commitId: String(Date.now()), csrf_token: config.csrfToken, cmi: commitObject.cmi };
      writePending(body);  // kept until the server says it has it
      say("saving");
      return body;
    },
    xhrResponseHandler: function (xhr) {
      if (xhr.status >= 200 && xhr.status < 300) {
        clearPending();
        say("saved");
        return { result: true, errorCode: 0 };
      }
      if (xhr.status === 0 || xhr.status >= 500) {
        say("offline");  // kept on the device; the package goes on as if saved
        return { result: true, errorCode: 0 };
      }
      clearPending();  // refused: the package hears "false" and may try other data
      return { result: false, errorCode: 101 };
    }
  });
  // A commit that never reached the server (connection dropped: the request itself failed, so
  // the response handler above never ran) is still on the device: say so, answer the package
  // that it is kept, and send it once the browser is online again.
  var send = api.processHttpRequest.bind(api);
  api.processHttpRequest = function (url, params, immediate, trigger) {
    var result = send(url, params, immediate, trigger);
    if (immediate && navigator.onLine) {
      // LMSFinish while the page unloads goes by beacon, which the browser delivers after the
      // page is gone and never answers: a copy kept here would be sent again, stale, next time.
      clearPending();
      return result;
    }
    if (readPending()) {
      say("offline");
      return { result: true, errorCode: 0 };
    }
    return result;
  };
  api.loadFromJSON(config.cmi);
  window.API = api;

  window.addEventListener("online", sendPending);
  // Left without LMSFinish (tab closed, back button): the state so far, by beacon. Not kept on
  // the device: a beacon is delivered after the page is gone, and a copy would be sent twice.
  window.addEventListener("pagehide", function () {
    if (!api.isInitialized() || api.isTerminated() || !navigator.sendBeacon) { return; }
    var cmi;
    try { cmi = api.renderCommitCMI(true).cmi; } catch (e) { return; }
    var form = new FormData();
    form.append("csrf_token", config.csrfToken);
    form.append("payload", JSON.stringify({ session: session, commitId: String(Date.now()), cmi: cmi }));
    navigator.sendBeacon(config.commitUrl, form);
  });

  frame.src = frame.dataset.src;
})();
