/**
 * Clients that break HTTP: a body that does not parse, a body that dribbles in. The provider logs
 * one JSON line for each (never a multi-line trace on stderr), and a slow body is cut off by the
 * request timeout instead of holding its connection.
 */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

import { createHttpServer } from '../../src/http/server.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

/** Sends `head`, then `body` one byte every `everyMs`; resolves with what the server answered and how much was sent. */
function dribble(port: number, head: string, body: string, everyMs: number): Promise<{ answer: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearInterval(timer);
      socket.destroy();
      resolve({ answer, sent });
    };
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(head, () => {
      timer = setInterval(() => {
        if (sent >= body.length) return clearInterval(timer);
        socket.write(body[sent]!);
        sent += 1;
      }, everyMs);
    });
  });
}

describe('broken and slow clients', () => {
  let provider: TestProvider;
  let server: Server;
  let port: number;
  /** What Koa would print on stderr without the provider's listener. */
  let printed: unknown[][] = [];
  const consoleError = console.error;

  beforeAll(async () => {
    provider = await startTestProvider();
    // The provider's app behind the server main.ts uses, with a short request timeout.
    server = createHttpServer(provider.app.callback(), { requestTimeoutMs: 1_000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    printed = [];
    console.error = (...args: unknown[]) => printed.push(args);
  });
  afterEach(() => {
    console.error = consoleError;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await provider.close();
  });

  it('logs a body that does not parse as HTTP as one JSON line, not a stack trace', async () => {
    const head = `POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const { answer } = await dribble(port, head, 'zz\r\n', 1);
    expect(answer === '' || answer.startsWith('HTTP/1.1 400')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printed).toEqual([]);
    expect(provider.log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'http.client_error', method: 'POST', path: '/token' }));
  });

  it.each([
    ['the token endpoint (oidc-provider reads the body)', '/token', 'application/x-www-form-urlencoded'],
    ['a page step (our reader)', '/recovery', 'application/json'],
  ])('answers 408 to a body that dribbles in slower than the request timeout: %s', async (_what, path, type) => {
    const origin = provider.origin;
    const head = `POST ${path} HTTP/1.1\r\nHost: localhost\r\nOrigin: ${origin}\r\nSec-Fetch-Site: same-origin\r\n`
      + `Content-Type: ${type}\r\nContent-Length: 400\r\n\r\n`;
    // 400 bytes, one every 50 ms: 20 s to send it all, against a 1 s request timeout.
    const { answer, sent } = await dribble(port, head, ' '.repeat(400), 50);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(400);
    expect(printed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The client's fault, logged as such: never as a failure of the provider.
    const lines = provider.log.lines.filter((line) => line.path === path);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
