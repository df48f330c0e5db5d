/**
 * Reads the untrusted JSON a browser posted after `navigator.credentials.create()` / `.get()`
 * (the shape @simplewebauthn/browser produces) into a fresh, typed object. Anything that is not
 * the expected shape is refused here as `bad_response`, so the verification library only ever
 * sees strings where it expects strings, and unknown fields are dropped.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { PasskeyError } from './errors.js';

/** Credential ids are at most 1023 bytes (1364 base64url characters); leave room to say "too long". */
const MAX_ID_CHARS = 4096;
/** Attestation objects with certificate chains stay well under this. */
const MAX_BLOB_CHARS = 64 * 1024;
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

export function parseRegistrationResponse(body: unknown): RegistrationResponseJSON {
  const credential = readCredential(body);
  const response = objectAt(credential.body, 'response');
  const transports = response.transports;
  if (transports !== undefined && !(Array.isArray(transports) && transports.every((t) => typeof t === 'string'))) {
    throw new PasskeyError('bad_response', 'response.transports must be an array of strings');
  }
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: blobAt(response, 'clientDataJSON'),
      attestationObject: blobAt(response, 'attestationObject'),
      transports: ((transports ?? []) as string[]).filter((t) => TRANSPORTS.has(t)).slice(0, 8),
    },
  };
}

export function parseAuthenticationResponse(body: unknown): AuthenticationResponseJSON {
  const credential = readCredential(body);
  const response = objectAt(credential.body, 'response');
  // An absent user handle may be sent as missing, null or "" depending on the client library.
  const userHandle = response.userHandle === undefined || response.userHandle === null || response.userHandle === '' ? undefined : blobAt(response, 'userHandle');
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: blobAt(response, 'clientDataJSON'),
      authenticatorData: blobAt(response, 'authenticatorData'),
      signature: blobAt(response, 'signature'),
      ...(userHandle === undefined ? {} : { userHandle }),
    },
  };
}

function readCredential(body: unknown): { id: string; body: Record<string, unknown> } {
  if (!isObject(body)) throw new PasskeyError('bad_response', 'the credential must be a JSON object');
  const { id, rawId, type } = body;
  // Ensure the id is canonical base64url (no padding), since it is compared with stored ids as a string.
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_CHARS || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new PasskeyError('bad_response', 'id must be a base64url string');
  }
  if (rawId !== id) throw new PasskeyError('bad_response', 'rawId must equal id');
  if (type !== 'public-key') throw new PasskeyError('bad_response', 'type must be "public-key"');
  return { id, body };
}

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key];
  if (!isObject(value)) throw new PasskeyError('bad_response', `${key} must be an object`);
  return value;
}

function blobAt(parent: Record<string, unknown>, key: string): string {
  const value = parent[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_BLOB_CHARS || !/^[A-Za-z0-9_-]+={0,2}$/.test(value)) {
    throw new PasskeyError('bad_response', `response.${key} must be a base64url string`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
