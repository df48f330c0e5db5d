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
import type { PageLocals, PageName } from '../pages.js';
import { t } from '../i18n/t.js';

/** Why the code page is shown again, in plain words (oidc-provider's re-render error names). */
function problemWith(error: Error | undefined): string | null {
  if (!error) return null;
  switch (error.name) {
    case 'NoCodeError':
      return t('device.problem.noCode');
    case 'NotFoundError':
      return t('device.problem.notFound');
    case 'ExpiredError':
      return t('device.problem.expired');
    case 'AlreadyUsedError':
      return t('device.problem.used');
    case 'AbortedError':
      return t('device.problem.aborted');
    default:
      return t('device.problem.other');
  }
}

function xsrfOf(form: string): string {
  return /name="xsrf" value="([^"]*)"/.exec(form)?.[1] ?? '';
}

function clientNameOf(ctx: KoaContextWithOIDC): string {
  return ctx.oidc.client?.clientName ?? t('device.theApp');
}

/** What the device said about itself (oidc-provider's deviceInfo: its address and user agent). */
function describeDevice(deviceInfo: unknown): string | null {
  const info = deviceInfo as { ip?: unknown; ua?: unknown } | undefined;
  const parts = [typeof info?.ua === 'string' && info.ua ? info.ua.slice(0, 80) : null, typeof info?.ip === 'string' ? t('device.address', { ip: info.ip }) : null];
  const described = parts.filter(Boolean).join(', ');
  return described || null;
}

export function createDevicePages(views: Views) {
  const render = <P extends PageName>(ctx: KoaContextWithOIDC, name: P, locals: PageLocals[P]) => {
    ctx.type = 'html';
    ctx.body = views.render(name, locals);
  };
  return {
    async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, error?: Error): Promise<void> {
      const userCode = (error as { userCode?: unknown } | undefined)?.userCode;
      render(ctx, 'device-code', {
        action: ctx.oidc.urlFor('code_verification'),
        xsrf: xsrfOf(form),
        code: error?.name === 'NotFoundError' && typeof userCode === 'string' ? userCode : '',
        problem: problemWith(error),
      });
    },
    async userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, _client: unknown, deviceInfo: unknown, userCode: string): Promise<void> {
      render(ctx, 'device-confirm', {
        clientName: clientNameOf(ctx), form, userCode, startedFrom: describeDevice(deviceInfo),
      });
    },
    async successSource(ctx: KoaContextWithOIDC): Promise<void> {
      render(ctx, 'device-done', { clientName: clientNameOf(ctx) });
    },
  };
}
