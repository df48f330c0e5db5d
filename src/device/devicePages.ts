/**
 * The pages of the Device Authorization Grant (RFC 8628 §3.3) that the person sees on their phone
 * or computer, for oidc-provider's `features.deviceFlow` sources:
 *   /device — enter the code the device shows  →  confirm it and the app  →  sign in with a passkey
 *   (our usual sign-in and consent pages)  →  "you are signed in on your device".
 * oidc-provider checks the code, the form's CSRF token (`xsrf`) and expiry; these only render.
 * The code form is our own markup (oidc-provider's has an inline handler the CSP refuses) with
 * the same fields: `xsrf` and `user_code`.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

import type { Views } from '../http/views.js';

/** Why the code page is shown again, in plain words (oidc-provider's re-render error names). */
function problemWith(error: Error | undefined): string | null {
  if (!error) return null;
  switch (error.name) {
    case 'NoCodeError':
      return 'Enter the code your device shows.';
    case 'NotFoundError':
      return 'That code is not right. Check the code on your device and try again.';
    case 'ExpiredError':
      return 'That code has expired. Start the sign-in again on your device to get a new code.';
    case 'AlreadyUsedError':
      return 'That code has already been used. Start the sign-in again on your device to get a new code.';
    case 'AbortedError':
      return 'The sign-in was cancelled. Start it again on your device if you want to sign in.';
    default:
      return 'The sign-in could not be completed. Start it again on your device.';
  }
}

function xsrfOf(form: string): string {
  return /name="xsrf" value="([^"]*)"/.exec(form)?.[1] ?? '';
}

function clientNameOf(ctx: KoaContextWithOIDC): string {
  return ctx.oidc.client?.clientName ?? 'the app';
}

/** What the device said about itself (oidc-provider's deviceInfo: its address and user agent). */
function describeDevice(deviceInfo: unknown): string | null {
  const info = deviceInfo as { ip?: unknown; ua?: unknown } | undefined;
  const parts = [typeof info?.ua === 'string' && info.ua ? info.ua.slice(0, 80) : null, typeof info?.ip === 'string' ? `address ${info.ip}` : null];
  const described = parts.filter(Boolean).join(', ');
  return described || null;
}

export function createDevicePages(views: Views) {
  const render = (ctx: KoaContextWithOIDC, name: string, locals: Record<string, unknown>) => {
    ctx.type = 'html';
    ctx.body = views.render(name, locals);
  };
  return {
    async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, error?: Error): Promise<void> {
      const userCode = (error as { userCode?: unknown } | undefined)?.userCode;
      render(ctx, 'device-code', {
        title: 'Sign in on a device',
        action: ctx.oidc.urlFor('code_verification'),
        xsrf: xsrfOf(form),
        code: error?.name === 'NotFoundError' && typeof userCode === 'string' ? userCode : '',
        problem: problemWith(error),
      });
    },
    async userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, _client: unknown, deviceInfo: unknown, userCode: string): Promise<void> {
      render(ctx, 'device-confirm', {
        title: `Sign in to ${clientNameOf(ctx)}?`, clientName: clientNameOf(ctx), form, userCode, startedFrom: describeDevice(deviceInfo),
      });
    },
    async successSource(ctx: KoaContextWithOIDC): Promise<void> {
      render(ctx, 'device-done', { title: 'Signed in', clientName: clientNameOf(ctx) });
    },
  };
}
