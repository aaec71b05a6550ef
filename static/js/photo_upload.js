// Activity photos from a phone (templates/activities/detail.html): each photo is shrunk in the
// browser before it is sent (longest side LONG_SIDE px, JPEG), keeping the EXIF the server
// reads for evidence (time, position, camera) with the orientation already applied; the send
// shows its progress. The server still checks and re-encodes every file (activities/photos.py).
// Without JavaScript, or in a browser without createImageBitmap, the form is sent as it is.
(function () {
  "use strict";

  var LONG_SIDE = 2000;
  var QUALITY = 0.85;
  // A photo already this small in bytes and pixels is sent untouched.
  var KEEP_BYTES = 1024 * 1024;

  function readBytes(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(new Uint8Array(reader.result)); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }

  // The APP1 "Exif" segment of a JPEG (marker included), with its Orientation set to 1: the
  // pixels drawn on the canvas are upright already. Null when there is none.
  function exifSegment(bytes) {
    if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
      return null;
    }
    var offset = 2;
    while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
      var marker = bytes[offset + 1];
      var length = (bytes[offset + 2] << 8) | bytes[offset + 3];
      if (marker === 0xda || length < 2) {
        return null; // the image data starts: no EXIF before it
      }
      var isExif = marker === 0xe1 && length > 8 &&
        String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]) === "Exif";
      if (isExif) {
        var segment = bytes.slice(offset, offset + 2 + length);
        uprightOrientation(segment);
        return segment;
      }
      offset += 2 + length;
    }
    return null;
  }

  function uprightOrientation(segment) {
    var tiff = 10; // marker (2), length (2), "Exif\0\0" (6)
    if (segment.length < tiff + 8) {
      return;
    }
    var little = segment[tiff] === 0x49;
    var view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
    var ifd = tiff + view.getUint32(tiff + 4, little);
    if (ifd + 2 > segment.length) {
      return;
    }
    var count = view.getUint16(ifd, little);
    for (var i = 0; i < count; i++) {
      var entry = ifd + 2 + i * 12;
      if (entry + 12 > segment.length) {
        return;
      }
      if (view.getUint16(entry, little) === 0x0112) {
        view.setUint16(entry + 8, 1, little);
        return;
      }
    }
  }

  function jpegName(name) {
    return (name.replace(/\.[^.]*$/, "") || "photo") + ".jpg";
  }

  // The photo to send: shrunk to LONG_SIDE as a JPEG when it is larger, else the file itself.
  // Whatever the browser cannot read (HEIC, a broken file) goes as it is and the server names it.
  function shrink(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size <= KEEP_BYTES) {
        return file;
      }
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG becomes white, as the server does
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) {
        bitmap.close();
      }
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", QUALITY);
      }).then(function (blob) {
        if (!blob || blob.size >= file.size) {
          return file;
        }
        if (file.type !== "image/jpeg") {
          return new File([blob], jpegName(file.name), { type: "image/jpeg" });
        }
        return Promise.all([readBytes(file.slice(0, 256 * 1024)), readBytes(blob)]).then(function (parts) {
          var exif = exifSegment(parts[0]);
          var body = parts[1];
          var pieces = exif ? [body.slice(0, 2), exif, body.slice(2)] : [body];
          return new File(pieces, jpegName(file.name), { type: "image/jpeg" });
        });
      });
    }).catch(function () {
      return file;
    });
  }

  function setUp(form) {
    var input = form.querySelector("input[type=file][name=photos]");
    var progress = form.querySelector("progress[data-upload-progress]");
    var status = form.querySelector("[data-upload-status]");
    var errors = form.querySelector("[data-upload-errors]");
    var button = form.querySelector("button[type=submit]");
    if (!input || !progress || !status || !errors || !window.FormData || !window.Promise) {
      return;
    }
    function text(name) {
      return form.getAttribute("data-" + name) || "";
    }
    function say(message) {
      status.hidden = false;
      status.textContent = message;
    }
    function fail(messages) {
      errors.textContent = "";
      messages.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        errors.appendChild(item);
      });
      errors.hidden = false;
      progress.hidden = true;
      status.hidden = true;
      button.disabled = false;
    }

    form.addEventListener("submit", function (event) {
      if (!form.checkValidity()) {
        return;
      }
      event.preventDefault();
      var files = Array.prototype.slice.call(input.files || []);
      button.disabled = true;
      errors.hidden = true;
      var done = 0;
      say(text("shrinking") + " 0/" + files.length);
      // One at a time: a phone has little memory for several decoded photos at once.
      var shrunk = [];
      var chain = Promise.resolve();
      files.forEach(function (file) {
        chain = chain.then(function () {
          return shrink(file).then(function (result) {
            shrunk.push(result);
            done += 1;
            say(text("shrinking") + " " + done + "/" + files.length);
          });
        });
      });
      chain.then(function () {
        var data = new FormData(form);
        data.delete("photos");
        shrunk.forEach(function (file) {
          data.append("photos", file, file.name);
        });
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) {
            progress.max = e.total;
            progress.value = e.loaded;
            say(text("sending") + " " + Math.round((100 * e.loaded) / e.total) + "%");
          }
        });
        request.addEventListener("load", function () {
          var answer = null;
          try {
            answer = JSON.parse(request.responseText);
          } catch (error) {
            answer = null;
          }
          if (answer && answer.redirect) {
            say(text("saved"));
            var next = new URL(answer.redirect, window.location.href);
            if (next.pathname === window.location.pathname && next.search === window.location.search) {
              // The same page: only its hash would change, which loads nothing.
              window.location.hash = next.hash;
              window.location.reload();
            } else {
              window.location.assign(next.href);
            }
          } else if (answer && answer.errors) {
            fail(answer.errors);
          } else {
            // Not the upload's answer (a login page after a timed-out session): show it.
            window.location.assign(request.responseURL || form.action);
          }
        });
        request.addEventListener("error", function () {
          fail([text("failed")]);
        });
        progress.hidden = false;
        progress.value = 0;
        say(text("sending") + " 0%");
        request.send(data);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-photo-upload]"), setUp);
  });
})();
