// The recovery link's page: creates one new passkey, then continues the app's sign-in when it was
// started in this browser, or says the person can now sign in.
(function () {
  'use strict';
  var button = document.getElementById('add-passkey');
  var base = window.location.pathname;

  button.addEventListener('click', async function () {
    button.disabled = true;
    try {
      var result = await idp.createPasskey({
        optionsUrl: base + '/options', prompt: idp.t('js.followPrompt'), url: base + '/passkey', sending: idp.t('js.saving'),
      });
      button.hidden = true;
      if (result.continueAt) {
        try {
          var next = await idp.postJson(result.continueAt, { token: result.continueToken });
          return window.location.assign(next.redirectTo);
        } catch (ignored) { /* the sign-in was started in another browser, or has expired */ }
      }
      idp.setStatus(idp.t('js.recovered'), 'success');
    } catch (error) {
      idp.setStatus(idp.explainPasskeyError(error), 'error');
      button.disabled = error.code === 'recovery_link_invalid';
      if (!button.disabled) button.focus();
    }
  });
})();
