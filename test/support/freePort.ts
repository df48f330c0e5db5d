import { createServer } from 'node:net';

/** A loopback port nobody listens on right now (the caller binds it a moment later, and retries on a clash). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}
