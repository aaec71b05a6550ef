// Phones: the header's menu folds behind one button (static/css/app.css, under 640px), and a
// table too wide for the screen says that it scrolls sideways. Without JavaScript the header
// shows every link, wrapped, and wide tables still scroll.
(function () {
  "use strict";

  var header = document.querySelector("header.top");
  var button = header && header.querySelector(".menu-toggle");
  if (button) {
    header.classList.add("menu-ready");
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        header.classList.remove("menu-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  var main = document.querySelector("main");
  var hint = main && main.getAttribute("data-scroll-hint");

  function markWideTables() {
    var frames = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      var wide = frame.scrollWidth > frame.clientWidth + 1;
      frame.classList.toggle("scrolls", wide);
      var note = frame.previousElementSibling;
      var has = note && note.classList.contains("scroll-hint");
      if (wide && !has && hint) {
        note = document.createElement("p");
        note.className = "scroll-hint";
        note.textContent = hint;
        frame.parentNode.insertBefore(note, frame);
      } else if (!wide && has) {
        note.parentNode.removeChild(note);
      }
    }
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markWideTables, 150);
  });
  markWideTables();
})();
