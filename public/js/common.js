// Shared by the provider's pages: JSON calls to the provider and plain-words status messages.
(function () {
  'use strict';

  function setStatus(text, kind) {
    var status = document.getElementById('status');
    if (!status) return;
    status.textContent = text || '';
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  // Errors whose message was written for people (by the provider or by this script). Anything else,
  // such as @simplewebauthn/browser's WebAuthnError (which also has a `code`, e.g.
  // ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY), carries the browser's developer message and must be explained.
  function readable(error) {
    error.readable = true;
    return error;
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
      throw readable(new Error('We could not reach the server. Check your connection and try again.'));
    }
    var data = {};
    try { data = await response.json(); } catch (ignored) { /* non-JSON error page */ }
    if (!response.ok) {
      var error = readable(new Error(data.message || 'Something went wrong. Please try again.'));
      error.code = data.error;
      throw error;
    }
    return data;
  }

  // What a person should read when a step fails: the provider's own message, or for the browser's
  // passkey dialog, plain words chosen by the WebAuthn DOMException name (never the browser's text).
  function explainPasskeyError(error) {
    if (error && error.readable) return error.message;
    var name = (error && (error.name || (error.cause && error.cause.name))) || '';
    if (name === 'NotAllowedError' || name === 'AbortError') return 'The passkey request was cancelled or timed out. You can try again.';
    if (name === 'InvalidStateError') return 'This device already has a passkey for this account. Use it to sign in, or use another device.';
    if (name === 'NotSupportedError') return 'This browser or device cannot create passkeys. Try another browser or a security key.';
    if (name === 'SecurityError') return 'Passkeys are not available on this address. Open the site through its normal address.';
    return 'The passkey request did not work. Please try again.';
  }

  window.idp = { setStatus: setStatus, postJson: postJson, explainPasskeyError: explainPasskeyError };
})();
