/* The SCO: finds the LMS's SCORM 1.2 API, resumes from cmi.suspend_data (page and answers),
   keeps cmi.core.lesson_location, and reports score, status and session time. */
(function () {
  "use strict";
  var KEY = { q1: "b", q2: "b", q3: "a", q4: "c" };
  var MASTERY = 75;
  var started = Date.now();
  var finished = false;

  function findAPI(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      if (win.API) { return win.API; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return (window.opener && window.opener.API) || null;
  }
  var api = findAPI(window);
  function get(name) { return api ? api.LMSGetValue(name) : ""; }
  function set(name, value) { if (api) { api.LMSSetValue(name, String(value)); } }

  function timespan(ms) {
    var s = Math.floor(ms / 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s % 3600 / 60)) + ":" + two(s % 60);
  }

  var pages = document.querySelectorAll(".page");
  var state = { page: 1, answers: {} };
  if (api) {
    api.LMSInitialize("");
    try { state = JSON.parse(get("cmi.suspend_data")) || state; } catch (e) { /* first visit */ }
    var where = parseInt(get("cmi.core.lesson_location"), 10);
    if (where >= 1 && where <= pages.length) { state.page = where; }
    if (get("cmi.core.lesson_status") === "not attempted") { set("cmi.core.lesson_status", "incomplete"); }
  }

  function save() {
    set("cmi.core.lesson_location", state.page);
    set("cmi.suspend_data", JSON.stringify(state));  // a few dozen characters, far below 4,096
    set("cmi.core.session_time", timespan(Date.now() - started));
    set("cmi.core.exit", "suspend");
    if (api) { api.LMSCommit(""); }
  }

  function show(page) {
    state.page = page;
    for (var i = 0; i < pages.length; i++) { pages[i].hidden = i + 1 !== page; }
    document.getElementById("progress").textContent = "Halaman " + page + " dari " + pages.length;
    document.getElementById("prev").disabled = page === 1;
    document.getElementById("next").hidden = page === pages.length;
    Object.keys(state.answers).forEach(function (q) {
      var input = document.querySelector("input[name=" + q + "][value=" + state.answers[q] + "]");
      if (input) { input.checked = true; }
    });
    window.scrollTo(0, 0);
  }

  document.getElementById("prev").addEventListener("click", function () { show(state.page - 1); save(); });
  document.getElementById("next").addEventListener("click", function () { show(state.page + 1); save(); });
  document.getElementById("quiz").addEventListener("change", function (event) {
    state.answers[event.target.name] = event.target.value;
    save();
  });
  document.getElementById("quiz").addEventListener("submit", function (event) {
    event.preventDefault();
    var right = 0;
    Object.keys(KEY).forEach(function (q) { if (state.answers[q] === KEY[q]) { right++; } });
    var score = Math.round(right / 4 * 100);
    var passed = score >= MASTERY;
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", score);
    set("cmi.core.lesson_status", passed ? "passed" : "failed");
    var result = document.getElementById("result");
    result.hidden = false;
    result.className = passed ? "result" : "result fail";
    result.textContent = passed
      ? "Benar " + right + " dari 4 (nilai " + score + "). Anda lulus modul ini."
      : "Benar " + right + " dari 4 (nilai " + score + "). Nilai lulus 75: baca lagi halaman 2 dan 3, lalu coba lagi.";
    save();
  });

  function finish() {
    if (finished || !api) { return; }
    finished = true;
    save();
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  show(state.page);
}());
