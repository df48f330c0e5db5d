// "Lost your passkey?": asks for a recovery link. The answer is the same for every address.
(function () {
  'use strict';
  var form = document.getElementById('recovery-form');
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    var email = document.getElementById('email').value.trim();
    if (!email) {
      idp.setStatus(idp.t('js.enterAccountEmail'), 'error');
      return document.getElementById('email').focus();
    }
    var body = { email: email };
    if (form.dataset.interaction) body.interaction = form.dataset.interaction;
    idp.setStatus(idp.t('js.sending'));
    try {
      var result = await idp.postJson('/recovery', body);
      idp.setStatus(result.message, 'success');
    } catch (error) {
      idp.setStatus(error.message, 'error');
    }
  });
})();
