// Sign-in page: three ways into one verifier — the button (usernameless), passkey autofill on the
// email field (conditional mediation), and email first (allowCredentials for security keys).
(function () {
  'use strict';
  var webauthn = window.SimpleWebAuthnBrowser;
  var form = document.getElementById('email-form');
  var base = '/interaction/' + form.dataset.uid;
  var busy = false;

  async function signIn(body, useBrowserAutofill) {
    var options = await idp.postJson(base + '/passkey/options', body);
    var response = await webauthn.startAuthentication({ optionsJSON: options, useBrowserAutofill: useBrowserAutofill });
    idp.setStatus('Checking your passkey…');
    var result = await idp.postJson(base + '/passkey/verify', { response: response });
    window.location.assign(result.redirectTo);
  }

  async function run(body) {
    if (busy) return;
    busy = true;
    idp.setStatus('Waiting for your passkey…');
    try {
      await signIn(body, false);
    } catch (error) {
      var unknown = error.code === 'unknown_credential';
      idp.setStatus(error.code ? error.message : idp.explainPasskeyError(error), 'error');
      if (unknown && error.credentialId && PublicKeyCredential.signalUnknownCredential) {
        PublicKeyCredential.signalUnknownCredential({ rpId: location.hostname, credentialId: error.credentialId }).catch(function () {});
      }
      startAutofill();
    } finally {
      busy = false;
    }
  }

  async function startAutofill() {
    if (!webauthn.browserSupportsWebAuthnAutofill || !(await webauthn.browserSupportsWebAuthnAutofill())) return;
    try {
      await signIn({}, true);
    } catch (error) {
      // A new ceremony (the button) aborts autofill on purpose; anything else is worth saying.
      if (error && error.name !== 'AbortError' && error.code !== undefined) idp.setStatus(error.message, 'error');
    }
  }

  if (!webauthn.browserSupportsWebAuthn()) {
    idp.setStatus('This browser does not support passkeys. Please use an up-to-date browser.', 'error');
    return;
  }
  document.getElementById('passkey').addEventListener('click', function () { run({}); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var email = document.getElementById('email').value.trim();
    if (!email) {
      idp.setStatus('Enter your email address, or use “Sign in with a passkey”.', 'error');
      document.getElementById('email').focus();
      return;
    }
    run({ email: email });
  });
  startAutofill();
})();
