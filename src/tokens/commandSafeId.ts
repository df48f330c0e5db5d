/**
 * Random ids that administrators type after a command: a client_id, an invitation's id. base64url
 * may start with `-`, which every command-line parser (ours included) reads as an option, so
 * `idp clients update -fTr…` would be refused as wrong usage. Such an id starts with `A` instead:
 * the id keeps its length and all but a sliver of its randomness.
 */
export function commandSafeId(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url').replace(/^-/, 'A');
}
