// Ask before an action that cannot be undone: a submit button with data-confirm="…" opens the
// site's <dialog> (templates/_confirm_dialog.html) saying what the action does; the form is
// sent only after "confirm", with the same button (its name and value go with it). Cancel or
// Escape sends nothing. A static file, because the CSP allows no inline script
// (core/middleware.py). Without JavaScript the button sends the form as before, and the server
// still refuses what its rules refuse (docs/conventions.md "Irreversible moves").
(function () {
  "use strict";

  var dialog = document.getElementById("confirm-dialog");
  var pending = null;

  function ask(button) {
    var message = button.getAttribute("data-confirm");
    if (!dialog || typeof dialog.showModal !== "function") {
      return window.confirm(message) ? "now" : "no";
    }
    pending = button;
    dialog.querySelector("#confirm-text").textContent = message;
    var ok = dialog.querySelector("[data-confirm-ok]");
    ok.textContent = button.getAttribute("data-confirm-ok") || button.textContent.trim();
    dialog.returnValue = "";
    dialog.showModal();
    dialog.querySelector("[data-confirm-cancel]").focus();
    return "later";
  }

  document.addEventListener(
    "submit",
    function (event) {
      var button = event.submitter;
      if (!button || !button.hasAttribute("data-confirm")) return;
      if (button.getAttribute("data-confirmed") === "1") {
        button.removeAttribute("data-confirmed");
        return;
      }
      var answer = ask(button);
      if (answer !== "now") event.preventDefault();
    },
    true
  );

  if (!dialog) return;
  dialog.addEventListener("close", function () {
    var button = pending;
    pending = null;
    if (!button) return;
    if (dialog.returnValue !== "ok") {
      button.focus();
      return;
    }
    button.setAttribute("data-confirmed", "1");
    if (typeof button.form.requestSubmit === "function") button.form.requestSubmit(button);
    else button.click();
  });
})();
