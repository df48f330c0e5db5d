/**
 * A load balancer in the test process: listens on a free loopback port (the issuer's), and passes
 * each request, Host header and all, to the instance the test has chosen, the way a real one
 * would to whichever instance it likes. It counts what each instance served, so a test can show
 * that a step really went where it says.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
  /** `http://localhost:PORT`: the public URL, for IDP_ISSUER. */
  url: string;
  /** Sends every following request to `backends[index]`. */
  routeTo(index: number): void;
  /** Sets the instances' addresses (`http://localhost:PORT`), once they are known. */
  setBackends(urls: string[]): void;
  /** Requests answered by each instance so far. */
  served: number[];
  close(): Promise<void>;
}

export async function startLoadBalancer(): Promise<LoadBalancer> {
  let backends: URL[] = [];
  let current = 0;
  const served: number[] = [];

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const index = current;
    const backend = backends[index];
    if (!backend) {
      outgoing.writeHead(502).end('no instance chosen');
      return;
    }
    const upstream = request({
      host: '127.0.0.1',
      port: backend.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    }, (answer) => {
      served[index] = (served[index] ?? 0) + 1;
      outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(outgoing);
    });
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end(`instance ${index + 1} unreachable: ${error.message}`);
      else outgoing.destroy(error);
    });
    incoming.pipe(upstream);
  };

  const server: Server = createServer(forward);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    served,
    routeTo(index) {
      current = index;
    },
    setBackends(urls) {
      backends = urls.map((url) => new URL(url));
      backends.forEach((_, index) => { served[index] ??= 0; });
    },
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
