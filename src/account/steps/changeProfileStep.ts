/**
 * POST /account/profile — what apps receive about the person (the `profile` scope): their name,
 * given and family name, picture and language (src/access/profile.ts). A refused value names its
 * field and changes nothing. Answers with the details the browser's passkey manager should now show
 * (WebAuthn signalCurrentUserDetails).
 */
import { updateProfile } from '../../access/profile.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { passkeyUserDetails } from '../describePasskeys.js';

export const profileBody = { name: 'string', givenName: 'string?', familyName: 'string?', picture: 'string?', locale: 'string?' } as const;

export function changeProfileStep({ store }: StepDeps): Step<'signedIn', typeof profileBody> {
  return async function changeProfileAction(ctx, { signedIn: { person }, fields }) {
    const changed = await updateProfile(store, person.id, fields);
    ctx.body = { changed: true, user: passkeyUserDetails(changed) };
  };
}
