// The invitation link's page: an optional name, then a new passkey; the account is created and
// this browser signed in, and the page goes on to the account page.
(function () {
  'use strict';
  var webauthn = window.SimpleWebAuthnBrowser;
  var form = document.getElementById('invitation-form');
  var button = document.getElementById('create-passkey');
  var base = window.location.pathname;

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    button.disabled = true;
    try {
      var name = document.getElementById('name').value.trim();
      var started = await idp.postJson(base + '/options', name ? { name: name } : {});
      idp.setStatus(idp.t('js.followPrompt'));
      var response = await webauthn.startRegistration({ optionsJSON: started.options });
      idp.setStatus(idp.t('js.creatingAccount'));
      var result = await idp.postJson(base + '/passkey', { ceremony: started.ceremony, response: response });
      window.location.assign(result.redirectTo);
    } catch (error) {
      idp.setStatus(idp.explainPasskeyError(error), 'error');
      // A used, revoked or expired invitation cannot be tried again.
      button.disabled = error.code === 'invitation_invalid' || error.code === 'email_has_account';
      if (!button.disabled) button.focus();
    }
  });
})();
