/**
 * POST /account/lost-device { ids } — "I lost a device / this was not me" (../reportLostDevice.ts):
 * the chosen passkeys (ids separated by spaces; none is allowed) go, every other browser is signed
 * out and every app loses its access. A sensitive action: its row's guard is `fresh`.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { passkeyName } from '../describePasskeys.js';
import { chosenPasskeyIds, reportLostDevice } from '../reportLostDevice.js';

export function reportLostDeviceStep(deps: StepDeps): Step<'fresh', { ids: 'string' }> {
  return async function reportLostDeviceAction(ctx, { signedIn: { person, session }, fields: { ids } }) {
    const report = await reportLostDevice(deps, { person, keepSessionUid: session.uid, credentialIds: chosenPasskeyIds(ids) });
    const removed = report.removed.map((credential) => ({ id: credential.id, name: passkeyName(credential) }));
    await auditRequest(deps, ctx, {
      type: 'lost_device', personId: person.id, email: person.email,
      detail: { removedPasskeys: removed, sessionsEnded: report.sessions, appsRevoked: report.apps },
    });
    ctx.body = { removed, sessionsEnded: report.sessions, appsRevoked: report.apps };
  };
}
