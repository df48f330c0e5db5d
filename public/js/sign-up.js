// Sign-up page: email (and name) → mailed code → passkey creation. What the person typed stays in
// the form whenever something fails, with a message saying what to do.
(function () {
  'use strict';
  var details = document.getElementById('details-form');
  var codeForm = document.getElementById('code-form');
  var base = '/interaction/' + details.dataset.uid + '/signup';
  var options = null;
  // The tries this sign-up has left, across every code mailed for it (a new code does not add any).
  var triesLeft = 0;

  function showTriesLeft() {
    document.getElementById('code-tries').textContent = idp.t('js.triesLeft', { count: triesLeft });
  }

  function showCodeStep(email, minutes, tries) {
    details.hidden = true;
    codeForm.hidden = false;
    triesLeft = tries;
    showTriesLeft();
    document.getElementById('code-sent').textContent = idp.t('js.codeSent', { email: email, minutes: minutes });
    document.getElementById('code').focus();
  }

  details.addEventListener('submit', async function (event) {
    event.preventDefault();
    var email = document.getElementById('email').value.trim();
    var name = document.getElementById('name').value.trim();
    if (!email) {
      idp.setStatus('');
      return idp.showFieldError(document.getElementById('email'), idp.t('js.enterEmail'));
    }
    idp.setStatus(idp.t('js.sendingCode'));
    try {
      var result = await idp.postJson(base, name ? { email: email, name: name } : { email: email });
      idp.setStatus('');
      showCodeStep(result.email, result.minutes, result.tries);
    } catch (error) {
      if (idp.showErrorAtField(error, details)) idp.setStatus('');
      else idp.setStatus(error.message, 'error');
    }
  });

  async function createPasskey() {
    var result = await idp.createPasskey({
      options: options, prompt: idp.t('js.followPrompt'), url: base + '/passkey', sending: idp.t('js.saving'),
    });
    // Through the offer of a backup passkey (skippable) when the provider makes one, then on to the app.
    window.location.assign(result.backupPasskeyAt || result.redirectTo);
  }

  codeForm.addEventListener('submit', async function (event) {
    event.preventDefault();
    try {
      if (!options) {
        var code = document.getElementById('code').value.trim();
        if (!code) return idp.showFieldError(document.getElementById('code'), idp.t('js.enterCode'));
        idp.setStatus(idp.t('js.checkingCode'));
        options = (await idp.postJson(base + '/code', { code: code })).options;
      }
      await createPasskey();
    } catch (error) {
      if (error.code === 'code_attempts_exceeded' || error.code === 'signup_expired') {
        codeForm.hidden = true;
        details.hidden = false;
        options = null;
      }
      // A failed passkey ceremony needs a fresh challenge: the code step is done, so start over
      // from the passkey step by asking again only when the server says the ceremony is gone.
      if (error.code === 'ceremony_expired') options = null;
      if (error.code === 'code_invalid' && triesLeft > 1) {
        triesLeft -= 1;
        showTriesLeft();
      }
      // What the provider refused is said as it is; a failed passkey dialog points to the button again.
      var problem = idp.explainPasskeyError(error);
      if (idp.showErrorAtField(error, codeForm)) idp.setStatus('');
      else idp.setStatus(error.readable && !error.browserError ? problem : idp.t('js.tryAgainButton', { problem: problem }), 'error');
    }
  });

  // A new code in place of the last one, to the same address: the old code stops working, and the
  // tries left stay as they are.
  var resending = false;
  document.getElementById('resend').addEventListener('click', async function () {
    if (resending) return;
    resending = true;
    var code = document.getElementById('code');
    idp.clearFieldError(code);
    idp.setStatus(idp.t('js.resendingCode'));
    try {
      var result = await idp.postJson(base + '/resend');
      code.value = '';
      var sent = idp.t('js.codeResent', { email: result.email, minutes: result.minutes });
      document.getElementById('code-sent').textContent = sent;
      idp.setStatus(sent, 'success');
      code.focus();
    } catch (error) {
      if (error.code === 'signup_expired') {
        codeForm.hidden = true;
        details.hidden = false;
      }
      idp.setStatus(error.message, 'error');
    } finally {
      resending = false;
    }
  });

  document.getElementById('restart').addEventListener('click', function () {
    codeForm.hidden = true;
    details.hidden = false;
    options = null;
    idp.setStatus('');
    document.getElementById('email').focus();
  });
})();
