/**
 * Refuses a ceremony that ran inside a cross-origin iframe (clientDataJSON.crossOrigin === true).
 * We never embed our pages in other sites (frame-ancestors 'none'), so a cross-origin ceremony can
 * only be someone else's page driving our RP ID. @simplewebauthn/server does not check this at
 * registration, and at authentication only when the browser also sends `topOrigin`.
 * WebAuthn §7.1 step 10 / §7.2 step 13 (the RP's own policy on crossOrigin).
 */
import { PasskeyError } from './errors.js';

export function refuseCrossOrigin(clientDataJSON: string): void {
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    throw new PasskeyError('bad_response', 'clientDataJSON is not JSON');
  }
  if (typeof clientData !== 'object' || clientData === null || Array.isArray(clientData)) {
    throw new PasskeyError('bad_response', 'clientDataJSON is not a JSON object');
  }
  if ((clientData as { crossOrigin?: unknown }).crossOrigin === true) {
    throw new PasskeyError('cross_origin', 'clientDataJSON.crossOrigin is true');
  }
}
