/**
 * A software authenticator for tests: makes real passkeys with node:crypto and answers
 * `navigator.credentials.create()` / `.get()` the way a browser would, as the JSON that
 * @simplewebauthn/browser posts to the server. Every flag and field a server must check can be
 * set wrong on purpose (origin, rpId, crossOrigin, UV, counter, userHandle, signature), so each
 * server-side check can be shown to refuse.
 *
 * Attestation is always `none` (what browsers send when the relying party asks for `none`).
 * Authenticator data layout: WebAuthn §6.1; attested credential data: §6.5.2.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { encodeCbor, type CborValue } from './cbor.js';

/** COSE algorithm identifiers the authenticator can make keys for. */
export const ES256 = -7;
export const EDDSA = -8;
export const RS256 = -257;
export type SoftAlgorithm = typeof ES256 | typeof EDDSA | typeof RS256;
const SUPPORTED: SoftAlgorithm[] = [ES256, RS256, EDDSA];

export interface SoftCredential {
  /** Credential id, base64url. */
  id: string;
  rpId: string;
  /** The user handle (`user.id` of the creation options), base64url. */
  userHandle: string;
  /** Signature counter: the value of the last assertion (0 right after creation). */
  counter: number;
  algorithm: SoftAlgorithm;
  privateKey: KeyObject;
  /** The COSE public key, as the server stores it. */
  publicKey: Uint8Array;
}

export interface SoftAuthenticatorOptions {
  /** AAGUID as a UUID string. Default: all zeroes (what `none` attestation usually carries). */
  aaguid?: string;
  /** BE flag: may credentials be synced? Default true (a passkey provider). */
  backupEligible?: boolean;
  /** BS flag: are they synced now? Default false. Can be changed later through `backedUp`. */
  backedUp?: boolean;
}

interface ClientOptions {
  /** The origin the "browser" is on; goes into clientDataJSON. */
  origin: string;
  /** clientDataJSON.crossOrigin (the call came from a cross-origin iframe). Default false. */
  crossOrigin?: boolean;
  /** UV flag. Default true. */
  userVerified?: boolean;
  /** UP flag. Default true. */
  userPresent?: boolean;
  /** RP ID whose hash goes into authenticator data. Default: the one in the options, else the origin's host. */
  rpId?: string;
}

export interface CreateCredentialOptions extends ClientOptions {
  /** Length in bytes of the new credential id. Default 16. */
  credentialIdLength?: number;
  /** Key type to make even if not offered. Default: the first offered that this authenticator supports. */
  algorithm?: SoftAlgorithm;
}

export interface GetAssertionOptions extends ClientOptions {
  /** Which credential answers. Default: the first allowed one held, else the first for the RP ID. */
  credentialId?: string;
  /** Overrides the userHandle returned; `null` omits it. Default: the credential's own. */
  userHandle?: string | null;
  /** Overrides the signature counter. Default: the credential's last counter + 1. */
  counter?: number;
  /** Overrides the BS flag for this assertion. Default: the authenticator's `backedUp`. */
  backedUp?: boolean;
  /** Flip a bit of the signature, so it no longer verifies. */
  corruptSignature?: boolean;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  readonly aaguid: Uint8Array;
  readonly backupEligible: boolean;
  backedUp: boolean;
  private readonly held = new Map<string, SoftCredential>();

  constructor(options: SoftAuthenticatorOptions = {}) {
    this.aaguid = Buffer.from((options.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''), 'hex');
    if (this.aaguid.length !== 16) throw new Error('aaguid must be a UUID');
    this.backupEligible = options.backupEligible ?? true;
    this.backedUp = options.backedUp ?? false;
  }

  /** Every credential made so far, in order of creation. */
  get credentials(): SoftCredential[] {
    return [...this.held.values()];
  }

  credential(id: string): SoftCredential {
    const found = this.held.get(id);
    if (!found) throw new Error(`SoftAuthenticator holds no credential ${id}`);
    return found;
  }

  /** Answers `navigator.credentials.create({ publicKey: options })` and keeps the new key. */
  createCredential(options: PublicKeyCredentialCreationOptionsJSON, client: CreateCredentialOptions): RegistrationResponseJSON {
    const rpId = client.rpId ?? options.rp.id ?? new URL(client.origin).hostname;
    // An authenticator refuses to make a second credential for an excluded one it holds (§6.3.2 step 3).
    for (const excluded of options.excludeCredentials ?? []) {
      if (this.held.get(excluded.id)?.rpId === rpId) throw new Error('InvalidStateError: credential excluded');
    }
    const algorithm = client.algorithm ?? options.pubKeyCredParams.map((p) => p.alg).find(isSupported);
    if (algorithm === undefined) throw new Error('NotSupportedError: no offered algorithm is supported');

    const { privateKey, publicKey } = generateKey(algorithm);
    const id = randomBytes(client.credentialIdLength ?? 16);
    const cosePublicKey = encodeCbor(coseKey(algorithm, publicKey));
    const credential: SoftCredential = {
      id: id.toString('base64url'),
      rpId,
      userHandle: options.user.id,
      counter: 0,
      algorithm,
      privateKey,
      publicKey: cosePublicKey,
    };

    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      authenticatorData(rpId, this.flags(client, this.backedUp) | FLAG_AT, 0),
      this.aaguid,
      idLength,
      id,
      cosePublicKey,
    ]);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    this.held.set(credential.id, credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, client),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        transports: ['hybrid', 'internal'],
        publicKeyAlgorithm: algorithm,
        publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'),
      },
    };
  }

  /** Answers `navigator.credentials.get({ publicKey: options })`. */
  getAssertion(options: PublicKeyCredentialRequestOptionsJSON, client: GetAssertionOptions): AuthenticationResponseJSON {
    const requestedRpId = options.rpId ?? new URL(client.origin).hostname;
    const rpId = client.rpId ?? requestedRpId;
    const credential = this.choose(options, client, requestedRpId);
    const counter = client.counter ?? credential.counter + 1;
    credential.counter = counter;

    const authData = authenticatorData(rpId, this.flags(client, client.backedUp ?? this.backedUp), counter);
    const clientDataJSON = clientData('webauthn.get', options.challenge, client);
    const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest()]);
    const signature = sign(credential.algorithm === EDDSA ? null : 'sha256', signed, credential.privateKey);
    if (client.corruptSignature) signature[signature.length - 1] ^= 0x01;

    const userHandle = client.userHandle === undefined ? credential.userHandle : client.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(userHandle === null ? {} : { userHandle }),
      },
    };
  }

  private choose(options: PublicKeyCredentialRequestOptionsJSON, client: GetAssertionOptions, rpId: string): SoftCredential {
    if (client.credentialId !== undefined) return this.credential(client.credentialId);
    const allowed = options.allowCredentials ?? [];
    const found =
      allowed.length > 0
        ? allowed.map((descriptor) => this.held.get(descriptor.id)).find((c) => c !== undefined)
        : this.credentials.find((c) => c.rpId === rpId);
    if (!found) throw new Error('NotAllowedError: no credential for this request');
    return found;
  }

  private flags(client: ClientOptions, backedUp: boolean): number {
    return (
      ((client.userPresent ?? true) ? FLAG_UP : 0) |
      ((client.userVerified ?? true) ? FLAG_UV : 0) |
      (this.backupEligible ? FLAG_BE : 0) |
      (backedUp ? FLAG_BS : 0)
    );
  }
}

function isSupported(alg: number): alg is SoftAlgorithm {
  return (SUPPORTED as number[]).includes(alg);
}

function generateKey(algorithm: SoftAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  if (algorithm === ES256) return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (algorithm === RS256) return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ed25519');
}

/** The public key as a COSE_Key map (RFC 9053 §7, RFC 8230 §4). */
function coseKey(algorithm: SoftAlgorithm, publicKey: KeyObject): Map<number, CborValue> {
  const jwk = publicKey.export({ format: 'jwk' });
  const bytes = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
  if (algorithm === ES256) {
    return new Map<number, CborValue>([[1, 2], [3, ES256], [-1, 1], [-2, bytes(jwk.x)], [-3, bytes(jwk.y)]]);
  }
  if (algorithm === RS256) {
    return new Map<number, CborValue>([[1, 3], [3, RS256], [-1, bytes(jwk.n)], [-2, bytes(jwk.e)]]);
  }
  return new Map<number, CborValue>([[1, 1], [3, EDDSA], [-1, 6], [-2, bytes(jwk.x)]]);
}

/** rpIdHash (32) | flags (1) | signCount (4, big-endian). */
function authenticatorData(rpId: string, flags: number, counter: number): Buffer {
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  return Buffer.concat([createHash('sha256').update(rpId).digest(), Uint8Array.of(flags), counterBytes]);
}

/** clientDataJSON as Chrome serializes it (§5.8.1.1), base64url. */
function clientData(type: string, challenge: string, client: ClientOptions): string {
  const json = JSON.stringify({ type, challenge, origin: client.origin, crossOrigin: client.crossOrigin ?? false });
  return Buffer.from(json, 'utf8').toString('base64url');
}
