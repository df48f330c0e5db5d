// Account page. Signed out: sign in with a passkey right here. Signed in: manage passkeys,
// sessions, apps and details. Sensitive actions may answer `verification_required`; the page then
// asks for the passkey once and repeats the action. Each section says what its controls did in its
// own live region, next to them; after a change that reloads the page, the message is shown there
// again and takes focus so screen readers read it. Each row's actions sit behind an "Options"
// button (a disclosure); removing something is confirmed in a dialog on the page.
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

  /** The live region of the section `element` is in; the page's own one outside any section. */
  function statusNear(element) {
    var section = element && element.closest && element.closest('section[id]');
    return (section && document.getElementById(section.id + '-status')) || document.getElementById('status');
  }

  function say(element, message, kind) {
    var status = statusNear(element);
    status.textContent = message || '';
    status.className = status.id === 'status' ? 'status' : 'status section-status';
    if (kind) status.classList.add(kind);
    return status;
  }

  // After a change the page reloads, then says what happened in the section of the control that
  // caused it, in the new page's words: a passkey is named as the new list names it ("Passkey 2").
  function reloadSaying(element, key, values, passkeyId) {
    var section = element && element.closest && element.closest('section[id]');
    var flash = { section: section ? section.id : null, key: key, values: values || {}, passkeyId: passkeyId || null };
    try { sessionStorage.setItem(FLASH, JSON.stringify(flash)); } catch (ignored) { /* private mode: no message */ }
    window.location.reload();
  }

  function showSavedMessage() {
    var saved = null;
    try {
      var stored = sessionStorage.getItem(FLASH);
      sessionStorage.removeItem(FLASH);
      saved = JSON.parse(stored || 'null');
    } catch (ignored) { /* storage blocked, or a message in an older form */ }
    if (!saved || typeof saved.key !== 'string' || !/^js\./.test(saved.key)) return;
    var values = saved.values || {};
    var row = saved.passkeyId && document.querySelector('[data-passkey="' + CSS.escape(saved.passkeyId) + '"] .row-name');
    if (row) values.name = row.textContent;
    var section = saved.section && document.getElementById(saved.section);
    say(section, idp.t(saved.key, values), 'success').focus();
  }

  // Runs `work` unless another action is under way, and says in plain words, next to `element`,
  // what went wrong.
  async function run(element, work) {
    if (busy) return;
    busy = true;
    try {
      await work();
    } catch (error) {
      say(element, idp.explainPasskeyError(error), 'error').focus();
    } finally {
      busy = false;
    }
  }

  async function confirmWithPasskey(element) {
    say(element, idp.t('js.confirmItsYou'));
    await idp.usePasskey({ optionsUrl: '/account/verify/options', url: '/account/verify' });
  }

  // A sensitive action: when the provider asks for a fresh confirmation, get it, then try once more.
  async function act(element, url, body) {
    try {
      return await idp.postJson(url, body);
    } catch (error) {
      if (error.code !== 'verification_required') throw error;
    }
    await confirmWithPasskey(element);
    return idp.postJson(url, body);
  }

  function on(selector, event, handler) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
      element.addEventListener(event, function (e) {
        if (event === 'submit') e.preventDefault();
        run(element, function () { return handler(element); });
      });
    });
  }

  if (!webauthn.browserSupportsWebAuthn()) {
    idp.setStatus(idp.t('js.noWebAuthn'), 'error');
  }

  // Before anything else: the last action's message is shown whatever page it led to (deleting the
  // account leads to the signed-out page), and never carried on to a later page.
  showSavedMessage();

  if (root.dataset.account === 'signed-out') {
    on('#sign-in', 'click', async function () {
      idp.setStatus(idp.t('js.waiting'));
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

  // Each row's actions: a button that shows and hides them (aria-expanded; a disclosure, so the
  // actions are plain buttons in the tab order). Arrow keys, Home and End move between them;
  // Escape closes the list and gives the focus back to the button, as does choosing an action;
  // leaving the list or clicking elsewhere closes it. Without this script the actions are listed.
  var openActions = null;

  function actionsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll('.actions-list button'));
  }

  function closeActions(returnFocus) {
    if (!openActions) return;
    var box = openActions;
    openActions = null;
    box.querySelector('.actions-list').hidden = true;
    box.querySelector('.actions-toggle').setAttribute('aria-expanded', 'false');
    if (returnFocus) box.querySelector('.actions-toggle').focus();
  }

  function openActionsOf(box, focusIndex) {
    if (openActions !== box) closeActions(false);
    openActions = box;
    box.querySelector('.actions-list').hidden = false;
    box.querySelector('.actions-toggle').setAttribute('aria-expanded', 'true');
    var buttons = actionsOf(box);
    if (buttons.length) buttons[(focusIndex + buttons.length) % buttons.length].focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-actions]'), function (box) {
    var toggle = box.querySelector('.actions-toggle');
    var list = box.querySelector('.actions-list');
    toggle.hidden = false;
    list.hidden = true;
    toggle.addEventListener('click', function () {
      if (openActions === box) closeActions(true);
      else openActionsOf(box, 0);
    });
    toggle.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        openActionsOf(box, event.key === 'ArrowDown' ? 0 : -1);
      }
    });
    list.addEventListener('keydown', function (event) {
      var buttons = actionsOf(box);
      var at = buttons.indexOf(document.activeElement);
      var to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 }[event.key];
      if (event.key === 'Escape') {
        event.preventDefault();
        closeActions(true);
      } else if (to !== undefined) {
        event.preventDefault();
        buttons[(to + buttons.length) % buttons.length].focus();
      }
    });
    box.addEventListener('focusout', function (event) {
      if (openActions === box && !box.contains(event.relatedTarget)) closeActions(false);
    });
    // Choosing an action closes the list first; the action then puts the focus where it belongs.
    list.addEventListener('click', function () { closeActions(true); }, true);
  });
  document.addEventListener('click', function (event) {
    if (openActions && !openActions.contains(event.target)) closeActions(false);
  });

  // The confirmation before removing something: a modal <dialog> (focus stays inside it, Escape
  // cancels) saying what will happen, with the catalog's words; focus starts on "Cancel" and goes
  // back to `returnTo` when it closes.
  var dialog = document.getElementById('confirm');
  function confirmOnPage(text, okLabel, returnTo) {
    return new Promise(function (resolve) {
      document.getElementById('confirm-text').textContent = text;
      document.getElementById('confirm-ok').textContent = okLabel;
      dialog.returnValue = '';
      dialog.addEventListener('close', function closed() {
        dialog.removeEventListener('close', closed);
        if (returnTo) returnTo.focus();
        resolve(dialog.returnValue === 'ok');
      });
      dialog.showModal();
      document.getElementById('confirm-cancel').focus();
    });
  }
  document.getElementById('confirm-ok').addEventListener('click', function () { dialog.close('ok'); });
  document.getElementById('confirm-cancel').addEventListener('click', function () { dialog.close('cancel'); });

  /** The "Options" button of the row `element` is in: where the focus goes back to. */
  function toggleOf(element) {
    var row = element.closest('.row');
    return (row && row.querySelector('.actions-toggle')) || element;
  }

  // Said in the passkeys section (idp.createPasskey's own prompt and sending go to the page's status).
  on('#add-passkey', 'click', async function (button) {
    var result = await idp.createPasskey({
      options: async function () {
        var options = await act(button, '/account/passkeys/options');
        say(button, idp.t('js.followPromptAdd'));
        return options;
      },
      url: '/account/passkeys',
      answered: function () { say(button, idp.t('js.saving')); },
    });
    reloadSaying(button, 'js.passkeyReady', { name: result.name }, result.id);
  });

  // Renaming in place: the row's name becomes a small form. Enter saves, Escape (or "Cancel")
  // goes back; a refused name is said next to the field, which is marked aria-invalid.
  function renameForm(row) { return row.querySelector('form.rename'); }

  function startRename(row) {
    var form = renameForm(row);
    var input = form.elements.name;
    row.querySelector('.row-main').hidden = true;
    row.querySelector('[data-actions]').hidden = true;
    form.hidden = false;
    input.value = row.querySelector('.row-name').textContent;
    input.focus();
    input.select();
  }

  function endRename(row) {
    var form = renameForm(row);
    idp.clearFieldError(form.elements.name);
    form.hidden = true;
    row.querySelector('.row-main').hidden = false;
    row.querySelector('[data-actions]').hidden = false;
    row.querySelector('.actions-toggle').focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.rename'), function (button) {
    button.addEventListener('click', function () { startRename(button.closest('.row')); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('form.rename'), function (form) {
    var row = form.closest('.row');
    form.querySelector('button.cancel').addEventListener('click', function () { endRename(row); });
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        endRename(row);
      }
    });
  });

  on('form.rename', 'submit', async function (form) {
    var row = form.closest('.row');
    var input = form.elements.name;
    idp.clearFieldError(input);
    var name = input.value.trim();
    if (!name) return idp.showFieldError(input, idp.t('js.enterPasskeyName'));
    var result;
    try {
      result = await idp.postJson('/account/passkeys/rename', { id: form.dataset.id, name: name });
    } catch (error) {
      if (error.code === 'passkey_name_invalid') return idp.showFieldError(input, error.message);
      throw error;
    }
    // The new name everywhere the page shows it: the row, its buttons, the "I lost a device" list.
    row.querySelector('.row-name').textContent = result.name;
    row.querySelector('.actions-toggle').setAttribute('aria-label', idp.t('js.optionsFor', { item: result.name }));
    Array.prototype.forEach.call(row.querySelectorAll('[data-name]'), function (button) { button.dataset.name = result.name; });
    var lost = document.querySelector('#lost-device-form input[value="' + CSS.escape(form.dataset.id) + '"]');
    var lostName = lost && lost.parentElement.querySelector('.passkey-name');
    if (lostName) lostName.textContent = result.name;
    endRename(row);
    say(row, idp.t('js.renamed', { name: result.name }), 'success');
  });

  on('button.remove', 'click', async function (button) {
    var returnTo = toggleOf(button);
    if (!(await confirmOnPage(idp.t('js.confirmRemove', { name: button.dataset.name }), idp.t('js.confirmRemoveButton'), returnTo))) return;
    var result = await act(button, '/account/passkeys/remove', { id: button.dataset.id });
    signal('signalUnknownCredential', { rpId: rpId, credentialId: result.id });
    reloadSaying(button, 'js.removed', { name: button.dataset.name });
  });

  on('button.sign-out-here', 'click', async function () {
    await idp.postJson('/account/sign-out');
    window.location.reload();
  });

  on('button.end-session', 'click', async function (button) {
    await act(button, '/account/sessions/end', { uid: button.dataset.uid });
    reloadSaying(button, 'js.sessionEnded');
  });

  on('#end-others', 'click', async function (button) {
    var result = await act(button, '/account/sessions/end-others');
    reloadSaying(button, 'js.othersEnded', { count: result.ended });
  });

  // "I lost a device / this was not me": the ticked passkeys go, every other browser is signed out,
  // and every app loses its access.
  on('#lost-device-form', 'submit', async function (form) {
    var chosen = Array.prototype.filter.call(form.querySelectorAll('input[name="lost"]'), function (box) { return box.checked; });
    var submit = form.querySelector('button[type="submit"]');
    if (!(await confirmOnPage(idp.t('js.confirmLostDevice', { count: chosen.length }), idp.t('js.confirmLostDeviceButton'), submit))) return;
    var result = await act(form, '/account/lost-device', { ids: chosen.map(function (box) { return box.value; }).join(' ') });
    result.removed.forEach(function (passkey) { signal('signalUnknownCredential', { rpId: rpId, credentialId: passkey.id }); });
    reloadSaying(form, 'js.lostDeviceDone', { count: result.removed.length });
  });

  on('button.revoke-app', 'click', async function (button) {
    if (!(await confirmOnPage(idp.t('js.confirmRevoke', { app: button.dataset.name }), idp.t('js.confirmRevokeButton'), toggleOf(button)))) return;
    await idp.postJson('/account/apps/revoke', { clientId: button.dataset.clientId });
    reloadSaying(button, 'js.revoked', { app: button.dataset.name });
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
    say(form, '');
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
    reloadSaying(form, 'js.profileSaved');
  });
  Array.prototype.forEach.call(document.querySelectorAll('#profile-form input, #profile-form select'), function (input) {
    input.addEventListener('input', function () { clearField(input); });
  });

  on('#email-form', 'submit', async function (form) {
    var email = form.elements.email.value.trim();
    var result = await act(form, '/account/email', { email: email });
    var codeForm = document.getElementById('email-code-form');
    document.getElementById('email-code-sent').textContent = idp.t('js.emailCodeSent', { email: result.email, minutes: result.minutes });
    codeForm.hidden = false;
    say(form, '');
    document.getElementById('email-code').focus();
  });

  on('#email-code-form', 'submit', async function (form) {
    var result = await idp.postJson('/account/email/code', { code: form.elements.code.value.trim() });
    userChanged(result.user);
    reloadSaying(form, 'js.emailChanged', { email: result.user.name });
  });

  on('#delete-form', 'submit', async function (form) {
    if (!form.elements.confirm.checked) {
      say(form, idp.t('js.deleteNotConfirmed'), 'error');
      form.elements.confirm.focus();
      return;
    }
    var result = await act(form, '/account/delete', { confirm: 'delete' });
    // The account is gone: its passkeys can no longer sign in anywhere, so the passkey manager may drop them.
    signal('signalAllAcceptedCredentials', { rpId: rpId, userId: result.userId, allAcceptedCredentialIds: [] });
    result.credentialIds.forEach(function (id) { signal('signalUnknownCredential', { rpId: rpId, credentialId: id }); });
    // Said on the signed-out page this leads to, in its own status region.
    reloadSaying(null, 'js.deleted');
  });
})();
