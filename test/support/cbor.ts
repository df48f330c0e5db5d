/**
 * The little CBOR (RFC 8949) a software authenticator needs to write attestation objects and
 * COSE keys: integers, byte and text strings, arrays, maps and booleans, definite lengths only.
 * Maps keep their insertion order, which is what CTAP2's canonical form asks of the authenticator
 * for the keys we write (COSE keys in 1, 3, -1, -2, -3 order; "fmt", "attStmt", "authData").
 */
export type CborValue = number | string | boolean | null | Uint8Array | CborValue[] | Map<number | string, CborValue>;

export function encodeCbor(value: CborValue): Uint8Array {
  const chunks: Uint8Array[] = [];
  write(value, chunks);
  return Buffer.concat(chunks);
}

function write(value: CborValue, out: Uint8Array[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`CBOR: only integers are supported, got ${value}`);
    if (value >= 0) out.push(head(0, value));
    else out.push(head(1, -1 - value));
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(head(3, bytes.length), bytes);
  } else if (typeof value === 'boolean') {
    out.push(Uint8Array.of(value ? 0xf5 : 0xf4));
  } else if (value === null) {
    out.push(Uint8Array.of(0xf6));
  } else if (value instanceof Uint8Array) {
    out.push(head(2, value.length), value);
  } else if (Array.isArray(value)) {
    out.push(head(4, value.length));
    for (const item of value) write(item, out);
  } else {
    out.push(head(5, value.size));
    for (const [key, item] of value) {
      write(key, out);
      write(item, out);
    }
  }
}

/** The initial byte (major type + length) and the length's following bytes. */
function head(majorType: number, length: number): Uint8Array {
  const major = majorType << 5;
  if (length < 24) return Uint8Array.of(major | length);
  if (length < 0x100) return Uint8Array.of(major | 24, length);
  if (length < 0x10000) return Uint8Array.of(major | 25, length >> 8, length & 0xff);
  if (length < 0x100000000) {
    const bytes = Buffer.alloc(5);
    bytes[0] = major | 26;
    bytes.writeUInt32BE(length, 1);
    return bytes;
  }
  const bytes = Buffer.alloc(9);
  bytes[0] = major | 27;
  bytes.writeBigUInt64BE(BigInt(length), 1);
  return bytes;
}
