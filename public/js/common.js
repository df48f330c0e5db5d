// Shared by the provider's pages: JSON calls to the provider and plain-words status messages.
(function () {
  'use strict';

  function setStatus(text, kind) {
    var status = document.getElementById('status');
    if (!status) return;
    status.textContent = text || '';
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  async function postJson(url, body) {
    var response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body || {}),
        credentials: 'same-origin',
      });
    } catch (networkError) {
      throw new Error('We could not reach the server. Check your connection and try again.');
    }
    var data = {};
    try { data = await response.json(); } catch (ignored) { /* non-JSON error page */ }
    if (!response.ok) {
      var error = new Error(data.message || 'Something went wrong. Please try again.');
      error.code = data.error;
      throw error;
    }
    return data;
  }

  // What a person should read when the browser's passkey dialog fails (WebAuthn DOMException names).
  function explainPasskeyError(error) {
    var name = (error && (error.name || (error.cause && error.cause.name))) || '';
    if (name === 'NotAllowedError' || name === 'AbortError') return 'The passkey request was cancelled or timed out. You can try again.';
    if (name === 'InvalidStateError') return 'This device already has a passkey for this account. Use it to sign in, or use another device.';
    if (name === 'NotSupportedError') return 'This browser or device cannot create passkeys. Try another browser or a security key.';
    if (name === 'SecurityError') return 'Passkeys are not available on this address. Open the site through its normal address.';
    return (error && error.message) || 'Something went wrong. Please try again.';
  }

  window.idp = { setStatus: setStatus, postJson: postJson, explainPasskeyError: explainPasskeyError };
})();
