// Several documents in one form (templates/registration/unit_detail.html): after the files are
// chosen, one type select per file, in the order of the files, so the server pairs the n-th
// `kind` with the n-th `file` (registration.views.document_upload). One file keeps the form's
// own select; without JavaScript the input takes one file at a time.
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector("input[type=file][name=file]");
    var single = form.querySelector("select[name=kind]");
    var rows = form.querySelector("[data-upload-rows]");
    if (!input || !single || !rows) {
      return;
    }
    var singleField = single.closest(".field") || single;
    // Several files only where the rows can give each its type.
    input.multiple = true;
    var help = form.querySelector("[data-many-help]");
    if (help) {
      help.hidden = false;
    }

    function rowFor(file, index) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = file.name;
      var select = document.createElement("select");
      select.name = "kind";
      select.required = true;
      select.id = "kind-" + index;
      select.setAttribute("data-kind-for", file.name);
      select.setAttribute("aria-label", (rows.getAttribute("data-type-of") || "") + " " + file.name);
      var blank = document.createElement("option");
      blank.value = "";
      blank.textContent = rows.getAttribute("data-choose") || "";
      select.appendChild(blank);
      Array.prototype.forEach.call(single.options, function (option) {
        select.appendChild(new Option(option.text, option.value));
      });
      item.appendChild(name);
      item.appendChild(select);
      return item;
    }

    input.addEventListener("change", function () {
      rows.textContent = "";
      var files = input.files ? Array.prototype.slice.call(input.files) : [];
      var many = files.length > 1;
      // A disabled select is not sent: with several files the rows' selects are the types.
      single.disabled = many;
      singleField.hidden = many;
      rows.hidden = !many;
      if (many) {
        files.forEach(function (file, index) {
          rows.appendChild(rowFor(file, index));
        });
      }
    });

    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        // The one-time token already stops a second save; this stops a second request.
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-document-upload]"), setUp);
  });
})();
