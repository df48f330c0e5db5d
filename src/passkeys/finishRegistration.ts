/**
 * Finishes a registration ceremony: verifies what `navigator.credentials.create()` returned and
 * builds the credential record. It does not store it: the caller binds it to the account the
 * ceremony was started for (`ceremony.personId`, or the account it creates from `ceremony.state`)
 * and inserts it with `saveCredential`.
 *
 * Enforced here, beyond what @simplewebauthn/server checks by itself:
 * - the ceremony is taken (used up) before anything else, so a failed attempt cannot be retried;
 * - the expected RP ID is always passed (the library skips the RP ID check without it);
 * - a cross-origin ceremony is refused;
 * - user verification is required and only the algorithms we offered are accepted;
 * - the credential id the client reports is the one the authenticator attested, ≤ 1023 bytes.
 */
import { verifyRegistrationResponse, type VerifiedRegistrationResponse } from '@simplewebauthn/server';
import { takeCeremony, type Ceremony } from '../ceremonies/ceremonies.js';
import type { CeremonyKinds } from '../ceremonies/kinds.js';
import type { NewCredential } from '../store/ports.js';
import { PasskeyError, refusalFromLibrary } from './errors.js';
import { parseRegistrationResponse } from './parseResponse.js';
import { refuseCrossOrigin } from './refuseCrossOrigin.js';
import { PASSKEY_ALGORITHM_IDS, type PasskeyDeps } from './relyingParty.js';
import type { RegistrationKind } from './startRegistration.js';

/** WebAuthn §5.8.3: credential ids are at most 1023 bytes. */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
export const DEFAULT_PASSKEY_NAME = 'Passkey';

export interface FinishRegistrationInput<K extends RegistrationKind> {
  kind: K;
  binding: CeremonyKinds[K]['binding'];
  /** The untrusted request body. */
  response: unknown;
  /** Where the passkey was made, e.g. `describeBrowser(userAgent)`. */
  createdIn: string | null;
}

export interface FinishedRegistration<K extends RegistrationKind> {
  ceremony: Ceremony<K>;
  /** `personId` is `ceremony.personId`, or '' when the ceremony had none: the caller fills it. */
  credential: NewCredential;
}

export async function finishRegistration<K extends RegistrationKind>(
  deps: PasskeyDeps,
  input: FinishRegistrationInput<K>,
): Promise<FinishedRegistration<K>> {
  // Ensure the challenge is single use: take it before looking at the response at all.
  const ceremony = await takeCeremony(deps.store, input.kind, input.binding);
  if (!ceremony) throw new PasskeyError('ceremony_expired', `no registration ceremony for ${input.binding}`);

  const response = parseRegistrationResponse(input.response);
  refuseCrossOrigin(response.response.clientDataJSON);

  let verification: VerifiedRegistrationResponse;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: deps.rp.origin,
      expectedRPID: deps.rp.id,
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: [...PASSKEY_ALGORITHM_IDS],
    });
  } catch (error) {
    throw refusalFromLibrary(error);
  }
  if (!verification.verified) throw new PasskeyError('not_verified', 'attestation did not verify');
  const info = verification.registrationInfo;

  // Ensure the id we will look the credential up by is the one inside the signed authenticator data.
  if (info.credential.id !== response.id) throw new PasskeyError('bad_response', 'id differs from the attested credential id');
  if (Buffer.from(info.credential.id, 'base64url').length > MAX_CREDENTIAL_ID_BYTES) {
    throw new PasskeyError('credential_id_too_long', `credential id of ${Buffer.from(info.credential.id, 'base64url').length} bytes`);
  }

  return {
    ceremony,
    credential: {
      id: info.credential.id,
      personId: ceremony.personId ?? '',
      publicKey: new Uint8Array(info.credential.publicKey),
      counter: info.credential.counter,
      transports: response.response.transports ?? [],
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name: DEFAULT_PASSKEY_NAME,
      createdIn: input.createdIn,
    },
  };
}
