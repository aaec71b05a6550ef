// Passkeys (WebAuthn) for the security page and the second step of the login
// (docs/security.md §5). A static file, because the CSP allows no inline script
// (core/middleware.py). The server's JSON views are django-otp-webauthn's
// (accounts/passkeys.py); the texts come from the page (data-msg-*), translated there.
(function () {
  "use strict";

  function toBuffer(value) {
    var text = value.replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) text += "=";
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { id: toBuffer(item.id), type: item.type, transports: item.transports };
    });
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? "" : JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(
        function (data) { return { ok: response.ok, data: data }; },
        function () { return { ok: false, data: {} }; }
      );
    });
  }

  function setup(button, run) {
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    var form = button.closest("form");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    function say(key) {
      if (status) status.textContent = button.getAttribute("data-msg-" + key) || "";
    }
    if (!window.PublicKeyCredential || !navigator.credentials) {
      button.disabled = true;
      say("unsupported");
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      say("busy");
      run(button, csrf)
        .then(function (result) {
          if (result === "done") {
            say("done");
            var next = button.getAttribute("data-next");
            if (next) window.location.assign(next);
            else window.location.reload();
          } else {
            button.disabled = false;
            say("failed");
          }
        })
        .catch(function (error) {
          button.disabled = false;
          say(error && error.name === "NotAllowedError" ? "cancelled" : "failed");
        });
    });
  }

  // The credential as the server reads it (the JSON of PublicKeyCredential), with the
  // ceremony's own `response` fields; "done" or "failed".
  function complete(button, csrf, credential, response) {
    return post(button.getAttribute("data-complete-url"), csrf, {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response,
    }).then(function (done) { return done.ok ? "done" : "failed"; });
  }

  function register(button, csrf) {
    return post(button.getAttribute("data-begin-url"), csrf).then(function (begin) {
      if (!begin.ok) return "failed";
      var options = begin.data;
      options.challenge = toBuffer(options.challenge);
      options.user.id = toBuffer(options.user.id);
      options.excludeCredentials = descriptors(options.excludeCredentials);
      return navigator.credentials.create({ publicKey: options }).then(function (credential) {
        var response = credential.response;
        return complete(button, csrf, credential, {
          clientDataJSON: toBase64url(response.clientDataJSON),
          attestationObject: toBase64url(response.attestationObject),
          transports: response.getTransports ? response.getTransports() : [],
        });
      });
    });
  }

  function authenticate(button, csrf) {
    return post(button.getAttribute("data-begin-url"), csrf).then(function (begin) {
      if (!begin.ok) return "failed";
      var options = begin.data;
      options.challenge = toBuffer(options.challenge);
      options.allowCredentials = descriptors(options.allowCredentials);
      return navigator.credentials.get({ publicKey: options }).then(function (credential) {
        var response = credential.response;
        return complete(button, csrf, credential, {
          clientDataJSON: toBase64url(response.clientDataJSON),
          authenticatorData: toBase64url(response.authenticatorData),
          signature: toBase64url(response.signature),
          userHandle: toBase64url(response.userHandle),
        });
      });
    });
  }

  document.querySelectorAll("[data-passkey-register]").forEach(function (button) {
    setup(button, register);
  });
  document.querySelectorAll("[data-passkey-login]").forEach(function (button) {
    setup(button, authenticate);
  });
})();
