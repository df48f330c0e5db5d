// The administration console. Its forms work without this script; with it:
// - a destructive action (a form marked data-fresh) first gets a fresh passkey confirmation on the
//   page, through the account page's own confirmation (/account/verify), when the session's last one
//   is more than a few minutes old; the form is then sent as it would have been;
// - "Copy" buttons copy the secret, key or link they stand beside.
(function () {
  'use strict';
  var root = document.querySelector('[data-console]');
  if (!root) return;
  var loadedAt = Date.now();
  // How long the page was told the last confirmation still lasts; a margin keeps clear of its end.
  var freshUntil = loadedAt + Number(root.dataset.freshMs || 0) - 20000;
  var busy = false;

  function say(message, kind) {
    idp.setStatus(message, kind);
    document.getElementById('status').focus();
  }

  async function confirmWithPasskey() {
    idp.setStatus(idp.t('js.console.confirming'));
    var confirmed = await idp.usePasskey({ optionsUrl: '/account/verify/options', url: '/account/verify' });
    freshUntil = Date.now() + confirmed.freshMs - 20000;
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-fresh]'), function (form) {
    form.addEventListener('submit', function (event) {
      if (Date.now() < freshUntil) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      confirmWithPasskey().then(function () {
        idp.setStatus('');
        form.submit();
      }, function (error) {
        busy = false;
        say(idp.explainPasskeyError(error), 'error');
      });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.dataset.copy);
      var text = field.value !== undefined ? field.value : field.textContent;
      var copied = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
      copied.then(function () { idp.setStatus(idp.t('js.console.copied'), 'success'); }, function () {
        field.select && field.select();
        idp.setStatus(idp.t('js.console.copyFailed'), 'error');
      });
    });
  });
})();
