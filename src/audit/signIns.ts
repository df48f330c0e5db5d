/**
 * Sign-ins and refused sign-ins, as the audit trail records them, and the new-device alert.
 *
 * A sign-in is from a new device when none of the account's sign-ins, sign-up or recovery kept in the
 * audit trail came from the same browser (its short description: "Chrome on Linux") at the same IP
 * address, as Pocket ID decides it. With NEW_DEVICE_ALERTS on, such a sign-in mails the account's
 * stored address the time, browser and address. Neither the check nor the mail can fail the sign-in:
 * the person has proved their passkey, and a notice that could not be sent is logged.
 */
import type { Mailer } from '../email/mailer.js';
import { PasskeyError } from '../passkeys/errors.js';
import type { AuditEvent, Person, Store } from '../store/ports.js';
import { SIGN_IN_TYPES } from './events.js';
import { newAuditEvent, recordAudit, reportAudit, type AuditDeps } from './recordAudit.js';
import type { RequestOrigin } from './requestOrigin.js';

export interface SignInDeps extends AuditDeps {
  mailer: Mailer;
  settings: { newDeviceAlerts: boolean };
}

export interface SignIn {
  person: Pick<Person, 'id' | 'email'>;
  origin: RequestOrigin;
  /** The app the sign-in is for; null on the account page. */
  clientId: string | null;
  credentialId: string | null;
  /** Where it happened: an app's sign-in page, the account page, or the end of a recovery. */
  via: 'sign-in' | 'account' | 'recovery';
}

async function isNewDevice(deps: SignInDeps, { person, origin }: SignIn): Promise<boolean> {
  try {
    const seen = await deps.store.audit.list({ personId: person.id, types: SIGN_IN_TYPES, ip: origin.ip, browser: origin.browser, limit: 1 });
    return seen.length === 0;
  } catch (error) {
    deps.log.warn('audit.new_device_unknown', { personId: person.id, detail: (error as Error).message });
    return false;
  }
}

export async function recordSignIn(deps: SignInDeps, signIn: SignIn): Promise<void> {
  const event = await signInEvent(deps, signIn);
  let failure: Error | null = null;
  try {
    await deps.store.audit.insert(event);
  } catch (error) {
    failure = error as Error;
  }
  await reportSignIn(deps, signIn, event, failure);
}

/**
 * The audit event of a sign-in, for a write that saves it with the sign-in itself (an app's sign-in
 * page: finishPasskeySignIn.ts); `reportSignIn` follows once the store has answered. Whether the
 * device is new is read here, before the event exists.
 */
export async function signInEvent(deps: SignInDeps, signIn: SignIn): Promise<AuditEvent> {
  const alert = deps.settings.newDeviceAlerts && await isNewDevice(deps, signIn);
  return newAuditEvent(deps, {
    type: 'sign_in',
    personId: signIn.person.id,
    email: signIn.person.email,
    clientId: signIn.clientId,
    origin: signIn.origin,
    detail: { via: signIn.via, credentialId: signIn.credentialId, ...(alert ? { newDevice: true } : {}) },
  });
}

/** Reports the event (`failure`: why the store did not take it), then mails the new-device alert. */
export async function reportSignIn(deps: SignInDeps, signIn: SignIn, event: AuditEvent, failure: Error | null): Promise<void> {
  reportAudit(deps, event, failure);
  if (event.detail.newDevice !== true) return;
  try {
    await deps.mailer.send({
      to: signIn.person.email,
      template: 'new-device',
      values: { time: event.at, browser: signIn.origin.browser ?? 'an unknown browser', ip: signIn.origin.ip ?? 'an unknown address' },
    });
  } catch (error) {
    deps.log.error('audit.new_device_notice_failed', { personId: signIn.person.id, detail: (error as Error).message });
  }
}

/**
 * A sign-in the provider refused, with the reason (the passkey error's code). The account is the
 * owner of the passkey the browser answered with, when there is one; the lookup happens only on failure.
 */
export async function recordRefusedSignIn(
  deps: AuditDeps & { store: Pick<Store, 'audit' | 'credentials' | 'people'> },
  input: { error: unknown; response: unknown; origin: RequestOrigin; clientId: string | null; via: SignIn['via'] },
): Promise<void> {
  if (!(input.error instanceof PasskeyError)) return;
  const { code } = input.error;
  const credentialId = (input.response as { id?: unknown } | null)?.id;
  let owner: Pick<Person, 'id' | 'email'> | null = null;
  try {
    const credential = typeof credentialId === 'string' && credentialId.length <= 1400 ? await deps.store.credentials.findById(credentialId) : null;
    owner = credential ? await deps.store.people.findById(credential.personId) : null;
  } catch {
    // The refusal is recorded without an account.
  }
  await recordAudit(deps, {
    type: 'sign_in_failed',
    personId: owner?.id ?? null,
    email: owner?.email ?? null,
    clientId: input.clientId,
    origin: input.origin,
    detail: { via: input.via, reason: code, ...(owner ? { credentialId: credentialId as string } : {}) },
  });
}
