// Account page. Signed out: sign in with a passkey right here. Signed in: manage passkeys,
// sessions, apps and details. Sensitive actions may answer `verification_required`; the page then
// asks for the passkey once and repeats the action. After each change the page reloads with a
// message in the status region, which takes focus so screen readers read it.
// WebAuthn Signal API calls are feature-detected: browsers without them see nothing.
(function () {
  'use strict';
  var webauthn = window.SimpleWebAuthnBrowser;
  var root = document.querySelector('[data-account]');
  var rpId = root.dataset.rpId;
  var FLASH = 'account-message';
  var busy = false;

  function signal(method, details) {
    var api = window.PublicKeyCredential;
    if (!api || typeof api[method] !== 'function') return;
    try {
      Promise.resolve(api[method](details)).catch(function () {});
    } catch (ignored) { /* an older shape of the API: nothing to tell */ }
  }

  function say(message, kind) {
    idp.setStatus(message, kind);
  }

  function reloadSaying(message) {
    try { sessionStorage.setItem(FLASH, message); } catch (ignored) { /* private mode: no message */ }
    window.location.reload();
  }

  function showSavedMessage() {
    var message = null;
    try {
      message = sessionStorage.getItem(FLASH);
      sessionStorage.removeItem(FLASH);
    } catch (ignored) { /* storage blocked */ }
    if (!message) return;
    say(message, 'success');
    document.getElementById('status').focus();
  }

  // Runs `work` unless another action is under way, and says in plain words what went wrong.
  async function run(work) {
    if (busy) return;
    busy = true;
    try {
      await work();
    } catch (error) {
      say(idp.explainPasskeyError(error), 'error');
      document.getElementById('status').focus();
    } finally {
      busy = false;
    }
  }

  async function confirmWithPasskey() {
    say('For your safety, confirm it’s you with your passkey…');
    var options = await idp.postJson('/account/verify/options');
    var response = await webauthn.startAuthentication({ optionsJSON: options });
    await idp.postJson('/account/verify', { response: response });
  }

  // A sensitive action: when the provider asks for a fresh confirmation, get it, then try once more.
  async function act(url, body) {
    try {
      return await idp.postJson(url, body);
    } catch (error) {
      if (error.code !== 'verification_required') throw error;
    }
    await confirmWithPasskey();
    return idp.postJson(url, body);
  }

  function on(selector, event, handler) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
      element.addEventListener(event, function (e) {
        if (event === 'submit') e.preventDefault();
        run(function () { return handler(element); });
      });
    });
  }

  if (!webauthn.browserSupportsWebAuthn()) {
    say('This browser does not support passkeys. Please use an up-to-date browser.', 'error');
  }

  if (root.dataset.account === 'signed-out') {
    on('#sign-in', 'click', async function () {
      say('Waiting for your passkey…');
      var options = await idp.postJson('/account/sign-in/options');
      var response = await webauthn.startAuthentication({ optionsJSON: options });
      say('Checking your passkey…');
      try {
        await idp.postJson('/account/sign-in', { response: response });
      } catch (error) {
        // The passkey manager offered a passkey this provider no longer knows: let it forget it.
        if (error.code === 'unknown_credential') signal('signalUnknownCredential', { rpId: rpId, credentialId: response.id });
        throw error;
      }
      window.location.reload();
    });
    return;
  }

  var userId = root.dataset.userId;
  var credentialIds = (root.dataset.credentialIds || '').split(' ').filter(Boolean);
  // Tell the passkey manager which of its passkeys for this account still work, so it can hide the others.
  signal('signalAllAcceptedCredentials', { rpId: rpId, userId: userId, allAcceptedCredentialIds: credentialIds });
  showSavedMessage();

  on('#add-passkey', 'click', async function () {
    var options = await act('/account/passkeys/options');
    say('Follow your browser’s prompt to create a passkey. To use your phone or a security key, choose that option in the prompt.');
    var response = await webauthn.startRegistration({ optionsJSON: options });
    say('Saving your passkey…');
    var result = await idp.postJson('/account/passkeys', { response: response });
    reloadSaying('Your new passkey “' + result.name + '” is ready. We sent a notice to your email address.');
  });

  on('form.rename', 'submit', async function (form) {
    var name = form.elements.name.value.trim();
    var result = await idp.postJson('/account/passkeys/rename', { id: form.dataset.id, name: name });
    reloadSaying('The passkey is now called “' + result.name + '”.');
  });

  on('button.remove', 'click', async function (button) {
    if (!window.confirm('Remove the passkey “' + button.dataset.name + '”? You will no longer be able to sign in with it.')) return;
    var result = await act('/account/passkeys/remove', { id: button.dataset.id });
    signal('signalUnknownCredential', { rpId: rpId, credentialId: result.id });
    reloadSaying('The passkey “' + result.name + '” was removed. You can also delete it from your device’s passkey manager.');
  });

  on('#sign-out', 'submit', async function () {
    await idp.postJson('/account/sign-out');
    window.location.reload();
  });

  on('button.end-session', 'click', async function (button) {
    await act('/account/sessions/end', { uid: button.dataset.uid });
    reloadSaying('That session was signed out.');
  });

  on('#end-others', 'click', async function () {
    var result = await act('/account/sessions/end-others');
    reloadSaying(result.ended === 1 ? 'You were signed out of 1 other session.' : 'You were signed out of ' + result.ended + ' other sessions.');
  });

  on('button.revoke-app', 'click', async function (button) {
    if (!window.confirm('Remove the access of ' + button.dataset.name + '?')) return;
    await idp.postJson('/account/apps/revoke', { clientId: button.dataset.clientId });
    reloadSaying(button.dataset.name + ' no longer has access to your account.');
  });

  function userChanged(user) {
    signal('signalCurrentUserDetails', { rpId: rpId, userId: user.userId, name: user.name, displayName: user.displayName });
  }

  on('#name-form', 'submit', async function (form) {
    var result = await idp.postJson('/account/name', { name: form.elements.name.value });
    userChanged(result.user);
    reloadSaying('Your name was saved.');
  });

  on('#email-form', 'submit', async function (form) {
    var email = form.elements.email.value.trim();
    var result = await act('/account/email', { email: email });
    var codeForm = document.getElementById('email-code-form');
    document.getElementById('email-code-sent').textContent = 'We sent a 6-digit code to ' + result.email
      + '. It is valid for ' + result.minutes + ' minutes. If no mail arrives, that address may already belong to another account.';
    codeForm.hidden = false;
    say('');
    document.getElementById('email-code').focus();
  });

  on('#email-code-form', 'submit', async function (form) {
    var result = await idp.postJson('/account/email/code', { code: form.elements.code.value.trim() });
    userChanged(result.user);
    reloadSaying('Your email address is now ' + result.user.name + '. We told your previous address.');
  });

  on('#delete-form', 'submit', async function (form) {
    if (!form.elements.confirm.checked) {
      say('Tick the box to confirm that you want to delete your account.', 'error');
      form.elements.confirm.focus();
      return;
    }
    var result = await act('/account/delete', { confirm: 'delete' });
    // The account is gone: its passkeys can no longer sign in anywhere, so the passkey manager may drop them.
    signal('signalAllAcceptedCredentials', { rpId: rpId, userId: result.userId, allAcceptedCredentialIds: [] });
    result.credentialIds.forEach(function (id) { signal('signalUnknownCredential', { rpId: rpId, credentialId: id }); });
    reloadSaying('Your account was deleted.');
  });
})();
