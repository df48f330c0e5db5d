// Right after sign-up: add a backup passkey (on another device or a security key), or skip.
(function () {
  'use strict';
  var webauthn = window.SimpleWebAuthnBrowser;
  var root = document.querySelector('[data-backup-uid]');
  var base = '/interaction/' + root.dataset.backupUid + '/backup-passkey';
  var button = document.getElementById('add-backup');

  button.addEventListener('click', async function () {
    button.disabled = true;
    try {
      var options = await idp.postJson(base + '/options');
      idp.setStatus('Follow your browser’s prompt. To use your phone or a security key, choose that option in the prompt.');
      var response = await webauthn.startRegistration({ optionsJSON: options });
      idp.setStatus('Saving your passkey…');
      var result = await idp.postJson(base, { response: response });
      idp.setStatus('Your backup passkey “' + result.name + '” is ready. Taking you back…', 'success');
      window.location.assign(result.redirectTo);
    } catch (error) {
      idp.setStatus(idp.explainPasskeyError(error) + ' You can try again, or continue without a backup passkey.', 'error');
      button.disabled = false;
      document.getElementById('status').focus();
    }
  });
})();
