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
    say(idp.t('js.confirmItsYou'));
    await idp.usePasskey({ optionsUrl: '/account/verify/options', url: '/account/verify' });
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
    say(idp.t('js.noWebAuthn'), 'error');
  }

  // Before anything else: the last action's message is shown whatever page it led to (deleting the
  // account leads to the signed-out page), and never carried on to a later page.
  showSavedMessage();

  if (root.dataset.account === 'signed-out') {
    on('#sign-in', 'click', async function () {
      say(idp.t('js.waiting'));
      await idp.usePasskey({ optionsUrl: '/account/sign-in/options', url: '/account/sign-in', sending: idp.t('js.checking') });
      // Sent here by a console page (a path the server checked): back there, now signed in.
      if (root.dataset.return) window.location.assign(root.dataset.return);
      else window.location.reload();
    });
    return;
  }

  var userId = root.dataset.userId;
  var credentialIds = (root.dataset.credentialIds || '').split(' ').filter(Boolean);
  // Tell the passkey manager which of its passkeys for this account still work, so it can hide the others.
  signal('signalAllAcceptedCredentials', { rpId: rpId, userId: userId, allAcceptedCredentialIds: credentialIds });

  on('#add-passkey', 'click', async function () {
    var result = await idp.createPasskey({
      options: function () { return act('/account/passkeys/options'); }, prompt: idp.t('js.followPromptAdd'),
      url: '/account/passkeys', sending: idp.t('js.saving'),
    });
    reloadSaying(idp.t('js.passkeyReady', { name: result.name }));
  });

  on('form.rename', 'submit', async function (form) {
    var name = form.elements.name.value.trim();
    var result = await idp.postJson('/account/passkeys/rename', { id: form.dataset.id, name: name });
    reloadSaying(idp.t('js.renamed', { name: result.name }));
  });

  on('button.remove', 'click', async function (button) {
    if (!window.confirm(idp.t('js.confirmRemove', { name: button.dataset.name }))) return;
    var result = await act('/account/passkeys/remove', { id: button.dataset.id });
    signal('signalUnknownCredential', { rpId: rpId, credentialId: result.id });
    reloadSaying(idp.t('js.removed', { name: result.name }));
  });

  on('#sign-out', 'submit', async function () {
    await idp.postJson('/account/sign-out');
    window.location.reload();
  });

  on('button.end-session', 'click', async function (button) {
    await act('/account/sessions/end', { uid: button.dataset.uid });
    reloadSaying(idp.t('js.sessionEnded'));
  });

  on('#end-others', 'click', async function () {
    var result = await act('/account/sessions/end-others');
    reloadSaying(idp.t('js.othersEnded', { count: result.ended }));
  });

  // "I lost a device / this was not me": the ticked passkeys go, every other browser is signed out,
  // and every app loses its access.
  on('#lost-device-form', 'submit', async function (form) {
    var chosen = Array.prototype.filter.call(form.querySelectorAll('input[name="lost"]'), function (box) { return box.checked; });
    if (!window.confirm(idp.t('js.confirmLostDevice', { count: chosen.length }))) return;
    var result = await act('/account/lost-device', { ids: chosen.map(function (box) { return box.value; }).join(' ') });
    result.removed.forEach(function (passkey) { signal('signalUnknownCredential', { rpId: rpId, credentialId: passkey.id }); });
    reloadSaying(idp.t('js.lostDeviceDone', { count: result.removed.length }));
  });

  on('button.revoke-app', 'click', async function (button) {
    if (!window.confirm(idp.t('js.confirmRevoke', { app: button.dataset.name }))) return;
    await idp.postJson('/account/apps/revoke', { clientId: button.dataset.clientId });
    reloadSaying(idp.t('js.revoked', { app: button.dataset.name }));
  });

  function userChanged(user) {
    signal('signalCurrentUserDetails', { rpId: rpId, userId: user.userId, name: user.name, displayName: user.displayName });
  }

  // A refused value is marked next to its field, which takes focus; typing there clears the mark.
  function markField(form, error) {
    var input = error.field && form.elements[error.field];
    var note = error.field && document.getElementById(error.field + '-error');
    if (!input || !note) throw error;
    input.setAttribute('aria-invalid', 'true');
    note.textContent = error.message;
    note.hidden = false;
    say('');
    input.focus();
  }

  function clearField(input) {
    input.removeAttribute('aria-invalid');
    var note = document.getElementById(input.name + '-error');
    if (note) { note.hidden = true; note.textContent = ''; }
  }

  on('#profile-form', 'submit', async function (form) {
    Array.prototype.forEach.call(form.elements, function (input) { if (input.name) clearField(input); });
    var fields = {};
    ['name', 'givenName', 'familyName', 'picture', 'locale'].forEach(function (name) { fields[name] = form.elements[name].value; });
    var result;
    try {
      result = await idp.postJson('/account/profile', fields);
    } catch (error) {
      markField(form, error);
      return;
    }
    userChanged(result.user);
    reloadSaying(idp.t('js.profileSaved'));
  });
  Array.prototype.forEach.call(document.querySelectorAll('#profile-form input, #profile-form select'), function (input) {
    input.addEventListener('input', function () { clearField(input); });
  });

  on('#email-form', 'submit', async function (form) {
    var email = form.elements.email.value.trim();
    var result = await act('/account/email', { email: email });
    var codeForm = document.getElementById('email-code-form');
    document.getElementById('email-code-sent').textContent = idp.t('js.emailCodeSent', { email: result.email, minutes: result.minutes });
    codeForm.hidden = false;
    say('');
    document.getElementById('email-code').focus();
  });

  on('#email-code-form', 'submit', async function (form) {
    var result = await idp.postJson('/account/email/code', { code: form.elements.code.value.trim() });
    userChanged(result.user);
    reloadSaying(idp.t('js.emailChanged', { email: result.user.name }));
  });

  on('#delete-form', 'submit', async function (form) {
    if (!form.elements.confirm.checked) {
      say(idp.t('js.deleteNotConfirmed'), 'error');
      form.elements.confirm.focus();
      return;
    }
    var result = await act('/account/delete', { confirm: 'delete' });
    // The account is gone: its passkeys can no longer sign in anywhere, so the passkey manager may drop them.
    signal('signalAllAcceptedCredentials', { rpId: rpId, userId: result.userId, allAcceptedCredentialIds: [] });
    result.credentialIds.forEach(function (id) { signal('signalUnknownCredential', { rpId: rpId, credentialId: id }); });
    reloadSaying(idp.t('js.deleted'));
  });
})();
