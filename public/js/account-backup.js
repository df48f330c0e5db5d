// Right after sign-up: add a backup passkey (on another device or a security key), or skip.
(function () {
  'use strict';
  var root = document.querySelector('[data-backup-uid]');
  var base = '/interaction/' + root.dataset.backupUid + '/backup-passkey';
  var button = document.getElementById('add-backup');

  button.addEventListener('click', async function () {
    button.disabled = true;
    try {
      var result = await idp.createPasskey({
        optionsUrl: base + '/options', prompt: idp.t('js.followPromptOtherDevice'), url: base, sending: idp.t('js.saving'),
      });
      idp.setStatus(idp.t('js.backupReady', { name: result.name }), 'success');
      window.location.assign(result.redirectTo);
    } catch (error) {
      idp.setStatus(idp.t('js.backupFailed', { problem: idp.explainPasskeyError(error) }), 'error');
      button.disabled = false;
      document.getElementById('status').focus();
    }
  });
})();
