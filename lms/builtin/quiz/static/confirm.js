// Forms that ask before they do something a learner may regret (data-confirm="question"):
// a quiz retake that can lower a passing score. After "OK" the form carries confirmed=1, so
// the server does not ask again; without this script the server asks on a page of its own.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.querySelector("input[name=confirmed]")) return;
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        return;
      }
      var yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirmed";
      yes.value = "1";
      form.appendChild(yes);
    });
  });
})();
