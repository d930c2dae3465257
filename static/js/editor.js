// The course editor: a live preview and the format's errors (with their line numbers) while
// the trainer types. The server renders the preview through the same pipeline as imports
// (POST {path, text} -> {ok, html, diagnostics, other_errors}); nothing is stored until the
// form is saved. Without this script the form still saves, previews and shows errors.
(function () {
  "use strict";
  var textarea = document.querySelector("textarea[data-editor]");
  if (!textarea) return;
  var form = textarea.form;
  var url = textarea.getAttribute("data-preview-url");
  var path = textarea.getAttribute("data-path");
  var preview = document.querySelector("[data-preview]");
  var problems = document.querySelector("[data-diagnostics]");
  var status = document.querySelector("[data-preview-status]");
  var cursor = document.querySelector("[data-cursor]");
  var tokenField = form.querySelector("input[name=csrf_token]");
  var saved = textarea.value, sequence = 0, timer = null, submitting = false;

  Array.prototype.forEach.call(document.querySelectorAll("[data-no-js-only]"), function (el) {
    el.hidden = true; // the preview follows the typing
  });

  function say(key) {
    if (status) status.textContent = status.getAttribute("data-" + key) || "";
  }

  function lineStart(text, line) {
    var index = 0;
    for (var n = 1; n < line && index !== -1; n++) {
      index = text.indexOf("\n", index);
      if (index !== -1) index += 1;
    }
    return index === -1 ? text.length : index;
  }

  function goToLine(line) {
    var text = textarea.value;
    var start = lineStart(text, line);
    var end = text.indexOf("\n", start);
    textarea.focus();
    textarea.setSelectionRange(start, end === -1 ? text.length : end);
    var height = parseFloat(window.getComputedStyle(textarea).lineHeight) || 24;
    textarea.scrollTop = Math.max(0, (line - 3) * height);
    showCursor();
  }

  function showCursor() {
    if (!cursor) return;
    var line = textarea.value.slice(0, textarea.selectionStart).split("\n").length;
    cursor.textContent = cursor.getAttribute("data-label") + " " + line;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function showProblems(diagnostics, others) {
    if (!problems) return;
    problems.textContent = "";
    if (diagnostics.length) {
      var title = element("p", "editor-problems-title", status.getAttribute("data-problems-title"));
      title.id = "problems-h";
      var list = element("ul", "diagnostics");
      list.setAttribute("aria-labelledby", "problems-h");
      diagnostics.forEach(function (d) {
        var item = element("li", d.level === "warning" ? "warning" : "error");
        var link = element("a", "", status.getAttribute("data-line-label") + " " + d.line);
        link.href = "#text";
        link.setAttribute("data-line", d.line);
        item.appendChild(link);
        var prefix = d.level === "warning" ? status.getAttribute("data-warning-label") + ": " : "";
        item.appendChild(document.createTextNode(": " + prefix + d.message));
        list.appendChild(item);
      });
      problems.appendChild(title);
      problems.appendChild(list);
    }
    if (others.length) {
      problems.appendChild(element("p", "editor-other", status.getAttribute("data-other-title")));
      var otherList = element("ul", "diagnostics");
      others.forEach(function (text) {
        var item = element("li", "error");
        item.appendChild(element("code", "", text));
        otherList.appendChild(item);
      });
      problems.appendChild(otherList);
    }
  }

  function refresh() {
    var mine = ++sequence;
    say("working");
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": tokenField ? tokenField.value : "" },
      body: JSON.stringify({ path: path, text: textarea.value })
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (body) {
      if (mine !== sequence) return; // a newer request is on its way
      showProblems(body.diagnostics || [], body.other_errors || []);
      if (body.html !== null && body.html !== undefined && preview) {
        preview.innerHTML = body.html; // rendered and sanitized by the server
        preview.classList.remove("stale");
        say(textarea.value === saved ? "ok" : "unsaved");
      } else {
        if (preview) preview.classList.add("stale");
        say("errors");
      }
    }).catch(function () {
      if (mine === sequence) say("offline");
    });
  }

  textarea.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
    showCursor();
  });
  ["keyup", "click", "focus"].forEach(function (name) { textarea.addEventListener(name, showCursor); });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    if (!link) return;
    event.preventDefault();
    goToLine(parseInt(link.getAttribute("data-line"), 10) || 1);
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && textarea.value !== saved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  showCursor();
})();
