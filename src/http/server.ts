/**
 * The HTTP server in front of the app, with its time limits. A request, body included, must arrive
 * within `requestTimeoutMs` (30 s) or is answered 408 and its connection closed, so that a client
 * dribbling a body byte by byte cannot hold a connection (and a body reader) for long. Node checks
 * these limits only every `connectionsCheckingInterval` (30 s by default, which let a slow body stay
 * for a minute or more); here it checks every second.
 */
import { createServer, type RequestListener, type Server } from 'node:http';

export const REQUEST_TIMEOUT_MS = 30_000;

export function createHttpServer(listener: RequestListener, { requestTimeoutMs = REQUEST_TIMEOUT_MS } = {}): Server {
  return createServer({
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 20_000),
    connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeoutMs / 4)),
  }, listener);
}
