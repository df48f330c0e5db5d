// Shared by the provider's pages: JSON calls to the provider, the passkey ceremonies (createPasskey,
// usePasskey), plain-words status messages in the page's language, and times shown in the browser's
// own time zone.
(function () {
  'use strict';

  // The page's catalog messages (src/i18n/clientMessages.ts), written in ICU MessageFormat. The
  // scripts use two of its forms: {name} and {count, plural, =N {…} one {…} other {…}} with #.
  var catalog = { language: 'en', messages: {} };
  try { catalog = JSON.parse(document.body.dataset.messages); } catch (ignored) { /* no catalog: keys are shown */ }
  var pluralRules = new Intl.PluralRules(catalog.language);

  function closingBrace(text, from) {
    for (var depth = 1, i = from; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return i;
    }
    return text.length;
  }

  function format(text, values, count) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === '#' && count !== undefined) { out += count.toLocaleString(catalog.language); continue; }
      if (c !== '{') { out += c; continue; }
      var end = closingBrace(text, i + 1);
      var inner = text.slice(i + 1, end);
      i = end;
      var plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
      if (!plural) { var value = values[inner.trim()]; out += value === undefined || value === null ? '' : String(value); continue; }
      var n = Number(values[plural[1]]);
      var cases = {};
      var rest = inner.slice(plural[0].length);
      var option = /\s*(=?\w+)\s*\{/g;
      var match;
      while ((match = option.exec(rest))) {
        var close = closingBrace(rest, option.lastIndex);
        cases[match[1]] = rest.slice(option.lastIndex, close);
        option.lastIndex = close + 1;
      }
      var chosen = cases['=' + n] !== undefined ? cases['=' + n] : cases[pluralRules.select(n)] !== undefined ? cases[pluralRules.select(n)] : cases.other;
      out += format(chosen || '', values, n);
    }
    return out;
  }

  function t(key, values) {
    var text = catalog.messages[key];
    return text === undefined ? key : format(text, values || {});
  }

  // Times: the page shows them in the server's idea of the zone; the browser knows the person's.
  // It tells the server (a cookie read for pages and mails) and shows each <time> in it right away.
  function localTimes() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (ignored) { return; }
    if (!zone) return;
    var secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = 'tz=' + zone + '; Path=/; Max-Age=31536000; SameSite=Lax' + secure;
    var dateTime = new Intl.DateTimeFormat(document.documentElement.lang || catalog.language, { dateStyle: 'long', timeStyle: 'short' });
    var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(document.documentElement.lang || catalog.language, { numeric: 'auto' }) : null;
    var units = [['second', 60], ['minute', 60], ['hour', 24], ['day', 7]];
    Array.prototype.forEach.call(document.querySelectorAll('time[datetime]'), function (element) {
      var date = new Date(element.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      element.textContent = dateTime.format(date);
      // Recent past times read better as "2 hours ago"; the exact time stays in the tooltip.
      var seconds = (date.getTime() - Date.now()) / 1000;
      if (!relative || !element.hasAttribute('data-relative') || seconds > 0) return;
      for (var i = 0, value = seconds; i < units.length; value /= units[i][1], i++) {
        if (Math.abs(value) < units[i][1]) {
          element.title = element.textContent;
          element.textContent = relative.format(Math.round(value), units[i][0]);
          return;
        }
      }
    });
  }
  localTimes();

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
      throw readable(new Error(t('js.networkError')));
    }
    var data = {};
    try { data = await response.json(); } catch (ignored) { /* non-JSON error page */ }
    if (!response.ok) {
      var error = readable(new Error(data.message || t('js.genericError')));
      error.code = data.error;
      error.field = data.field;
      throw error;
    }
    return data;
  }

  // What a person should read when a step fails: the provider's own message, or for the browser's
  // passkey dialog, plain words chosen by the WebAuthn DOMException name (never the browser's text).
  function explainPasskeyError(error) {
    if (error && error.readable) return error.message;
    var name = browserErrorName(error);
    if (name === 'NotAllowedError' || name === 'AbortError') return t('js.passkeyCancelled');
    if (name === 'InvalidStateError') return t('js.passkeyExists');
    if (name === 'NotSupportedError') return t('js.passkeyUnsupported');
    if (name === 'SecurityError') return t('js.passkeyInsecure');
    return t('js.passkeyFailed');
  }

  // The name of the browser's DOMException behind a failed passkey dialog ('NotAllowedError', ...).
  function browserErrorName(error) {
    return (error && (error.name || (error.cause && error.cause.name))) || 'Error';
  }

  // A failure of the browser's passkey dialog, in plain words (explainPasskeyError) and marked as the
  // browser's: `browserError` is its DOMException name, `cause` the error itself.
  function dialogFailed(error) {
    var explained = readable(new Error(explainPasskeyError(error)));
    explained.browserError = browserErrorName(error);
    explained.cause = error;
    return explained;
  }

  // WebAuthn Signal API (feature-detected): lets the passkey manager forget a passkey the provider
  // does not know, so that it stops offering it.
  function signalUnknownPasskey(credentialId) {
    var api = window.PublicKeyCredential;
    if (!api || typeof api.signalUnknownCredential !== 'function') return;
    try {
      Promise.resolve(api.signalUnknownCredential({ rpId: location.hostname, credentialId: credentialId })).catch(function () {});
    } catch (ignored) { /* an older shape of the API: nothing to tell */ }
  }

  // The two passkey ceremonies, the same on every page: the options (`options`, given or as a
  // function that resolves to them, or else posted for at `optionsUrl` with `optionsBody`), the
  // browser's dialog with `prompt` in the status region, then its answer posted to `url` (with the
  // fields of `body` beside `response`) with `sending` there. Each resolves with the provider's answer.
  // Each rejects with a readable error: the provider's refusal as it came (`code`, `field`), or the
  // dialog's failure explained, with `browserError` set. `answered(response)` is told as soon as the
  // dialog answers, before it is sent: a challenge is used up from then on.
  async function ceremonyOptions(ceremony) {
    if (typeof ceremony.options === 'function') return ceremony.options();
    if (ceremony.options) return ceremony.options;
    return postJson(ceremony.optionsUrl, ceremony.optionsBody);
  }

  async function finishCeremony(ceremony, response) {
    if (ceremony.answered) ceremony.answered(response);
    if (ceremony.sending) setStatus(ceremony.sending);
    return postJson(ceremony.url, Object.assign({}, ceremony.body, { response: response }));
  }

  /** Creates a passkey (registration). */
  async function createPasskey(ceremony) {
    var options = await ceremonyOptions(ceremony);
    if (ceremony.prompt) setStatus(ceremony.prompt);
    var response;
    try {
      response = await window.SimpleWebAuthnBrowser.startRegistration({ optionsJSON: options });
    } catch (error) {
      throw dialogFailed(error);
    }
    return finishCeremony(ceremony, response);
  }

  /**
   * Signs in or confirms with a passkey (authentication); `useBrowserAutofill` waits for the person
   * to pick one from an input's autofill (conditional mediation). A passkey the provider does not
   * know (`unknown_credential`) is signalled to the passkey manager.
   */
  async function usePasskey(ceremony) {
    var options = await ceremonyOptions(ceremony);
    if (ceremony.prompt) setStatus(ceremony.prompt);
    var response;
    try {
      response = await window.SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: options, useBrowserAutofill: !!ceremony.useBrowserAutofill });
    } catch (error) {
      throw dialogFailed(error);
    }
    try {
      return await finishCeremony(ceremony, response);
    } catch (error) {
      if (error.code === 'unknown_credential') signalUnknownPasskey(response.id);
      throw error;
    }
  }

  // A problem with one field, said next to it: the message follows the field, which is marked
  // aria-invalid and described by it, and gets the focus. Typing in the field clears it.
  function describedBy(input) {
    return (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  }

  function clearFieldError(input) {
    var id = input.id + '-error';
    var note = document.getElementById(id);
    if (note) note.remove();
    input.removeAttribute('aria-invalid');
    var rest = describedBy(input).filter(function (other) { return other !== id; });
    if (rest.length) input.setAttribute('aria-describedby', rest.join(' '));
    else input.removeAttribute('aria-describedby');
  }

  function showFieldError(input, message) {
    var id = input.id + '-error';
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement('p');
      note.id = id;
      note.className = 'field-error';
      input.insertAdjacentElement('afterend', note);
    }
    note.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    var ids = describedBy(input);
    if (ids.indexOf(id) < 0) input.setAttribute('aria-describedby', [id].concat(ids).join(' '));
    if (!input.dataset.clearsError) {
      input.dataset.clearsError = 'yes';
      input.addEventListener('input', function () { clearFieldError(input); });
    }
    input.focus();
  }

  // The provider's refusals that are about one field of a form, by error code.
  var fieldOfError = { email_invalid: 'email', email_domain_not_allowed: 'email', name_invalid: 'name', code_invalid: 'code' };

  /** Shows a refusal next to its field when it is about one that the form has; returns whether it did. */
  function showErrorAtField(error, form) {
    var name = error && error.readable && fieldOfError[error.code];
    var input = name && form.querySelector('[name="' + name + '"]');
    if (!input) return false;
    showFieldError(input, error.message);
    return true;
  }

  window.idp = {
    setStatus: setStatus, postJson: postJson, explainPasskeyError: explainPasskeyError, t: t, format: format,
    createPasskey: createPasskey, usePasskey: usePasskey,
    showFieldError: showFieldError, clearFieldError: clearFieldError, showErrorAtField: showErrorAtField,
  };
})();
