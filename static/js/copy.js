// A "copy" button beside a read-only field (the invitation link shown once,
// templates/accounts/invitation_link.html): hidden without JavaScript, where the field is
// still there to select by hand. The button's data-copied text says it worked.
(function () {
  "use strict";

  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        field.select();
        var done = function () {
          button.textContent = button.getAttribute("data-copied") || label;
          setTimeout(function () { button.textContent = label; }, 2500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            if (document.execCommand("copy")) done();
          });
        } else if (document.execCommand("copy")) {
          done();
        }
      });
    })(buttons[i]);
  }
})();
