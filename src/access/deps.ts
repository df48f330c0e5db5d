import type { Store } from '../store/ports.js';

/** What the access services work with: plain inputs, the store, a clock and a random source. No HTTP. */
export interface AccessDeps {
  store: Store;
  /** Milliseconds since the epoch. */
  now: () => number;
  randomBytes: (size: number) => Uint8Array;
}
