// The invitation link's page: an optional name, then a new passkey; the account is created and
// this browser signed in, and the page goes on to the account page.
(function () {
  'use strict';
  var form = document.getElementById('invitation-form');
  var button = document.getElementById('create-passkey');
  var base = window.location.pathname;

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    button.disabled = true;
    try {
      var name = document.getElementById('name').value.trim();
      // The options come with the ceremony they belong to, which the answer names.
      var started = await idp.postJson(base + '/options', name ? { name: name } : {});
      var result = await idp.createPasskey({
        options: started.options, prompt: idp.t('js.followPrompt'),
        url: base + '/passkey', body: { ceremony: started.ceremony }, sending: idp.t('js.creatingAccount'),
      });
      window.location.assign(result.redirectTo);
    } catch (error) {
      idp.setStatus(idp.explainPasskeyError(error), 'error');
      // A used, revoked or expired invitation cannot be tried again.
      button.disabled = error.code === 'invitation_invalid' || error.code === 'email_has_account';
      if (!button.disabled) button.focus();
    }
  });
})();
