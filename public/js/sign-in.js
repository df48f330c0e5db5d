// Sign-in page: three ways into one verifier — the button (usernameless), passkey autofill on the
// email field (conditional mediation), and email first (allowCredentials for security keys).
(function () {
  'use strict';
  var webauthn = window.SimpleWebAuthnBrowser;
  var form = document.getElementById('email-form');
  var base = '/interaction/' + form.dataset.uid;
  var busy = false;
  // The page comes with the options of its ceremony: the first usernameless attempt (autofill, or the
  // button, which aborts autofill before it was answered) uses them without asking. Any answer sent
  // uses the ceremony up, and so does time: after either, the page asks for new options.
  var pageOptions = form.dataset.passkeyOptions ? JSON.parse(form.dataset.passkeyOptions) : null;
  var pageOptionsUntil = pageOptions ? Date.now() + pageOptions.timeout - 10000 : 0;

  function optionsFor(body) {
    if (pageOptions && !body.email && Date.now() < pageOptionsUntil) return Promise.resolve(pageOptions);
    pageOptions = null; // new options replace the page's ceremony
    return idp.postJson(base + '/passkey/options', body);
  }

  async function signIn(body, useBrowserAutofill) {
    var options = await optionsFor(body);
    var result = await idp.usePasskey({
      options: options, useBrowserAutofill: useBrowserAutofill, url: base + '/passkey/verify', sending: idp.t('js.checking'),
      // A cancelled dialog leaves the challenge unused; an answer uses it up, whatever the provider says.
      answered: function () { if (options === pageOptions) pageOptions = null; },
    });
    window.location.assign(result.redirectTo);
  }

  // No passkey came back: the browser found none for this site (it says so the same way as when the
  // person closes its dialog), or the provider knows none by that id. Either way, the person may be
  // new here, or have lost the device with their passkey: the page points to both ways on.
  var noPasskey = document.getElementById('no-passkey');
  function noPasskeyFound(error) {
    if (!error) return false;
    if (error.browserError) return error.browserError === 'NotAllowedError';
    return error.code === 'unknown_credential';
  }

  async function run(body) {
    if (busy) return;
    busy = true;
    noPasskey.hidden = true;
    idp.setStatus(idp.t('js.waiting'));
    try {
      await signIn(body, false);
    } catch (error) {
      if (idp.showErrorAtField(error, form)) {
        idp.setStatus('');
      } else if (noPasskeyFound(error)) {
        idp.setStatus(error.browserError ? idp.t('js.noPasskeyFound') : error.message, 'error');
        noPasskey.hidden = false;
      } else {
        idp.setStatus(idp.explainPasskeyError(error), 'error');
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
      // A new ceremony (the button) aborts autofill on purpose, and the browser's own failures need no
      // word while the person has not asked for anything; what the provider refused is worth saying.
      if (error && error.readable && !error.browserError) idp.setStatus(error.message, 'error');
    }
  }

  if (!webauthn.browserSupportsWebAuthn()) {
    idp.setStatus(idp.t('js.noWebAuthn'), 'error');
    return;
  }
  document.getElementById('passkey').addEventListener('click', function () { run({}); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var email = document.getElementById('email').value.trim();
    if (!email) {
      idp.setStatus('');
      idp.showFieldError(document.getElementById('email'), idp.t('js.enterEmailOrPasskey'));
      return;
    }
    run({ email: email });
  });
  startAutofill();
})();
