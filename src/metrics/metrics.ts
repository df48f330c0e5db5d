/**
 * The provider's Prometheus metrics, in one registry per app (prom-client, the maintained Node
 * client; nothing here writes the exposition format by hand). Every label value comes from a closed
 * set the code names: route templates (never raw paths, which carry tokens), event types, error codes
 * and store operations. No label holds an address, an account or a client id.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  signIns: Counter<'via'>;
  signInFailures: Counter<'reason'>;
  auditEvents: Counter<'type'>;
  auditWriteFailures: Counter;
  ceremoniesStarted: Counter<'purpose'>;
  mails: Counter<'outcome'>;
  storeDuration: Histogram<'port' | 'operation'>;
  storeErrors: Counter<'port' | 'operation'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  oauthRefusals: Counter<'endpoint' | 'error'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'idp_' });
  const registers = [registry];
  return {
    registry,
    signIns: new Counter({ name: 'idp_sign_ins_total', help: 'Passkey sign-ins, by where they happened (sign-in, account, recovery).', labelNames: ['via'], registers }),
    signInFailures: new Counter({ name: 'idp_sign_in_failures_total', help: 'Refused passkey sign-ins, by reason.', labelNames: ['reason'], registers }),
    auditEvents: new Counter({ name: 'idp_audit_events_total', help: 'Security events, by type (src/audit/events.ts).', labelNames: ['type'], registers }),
    auditWriteFailures: new Counter({ name: 'idp_audit_write_failures_total', help: 'Security events the store did not take (each is logged as audit.not_recorded).', registers }),
    ceremoniesStarted: new Counter({ name: 'idp_ceremonies_started_total', help: 'Passkey and mailed-code ceremonies started, by purpose.', labelNames: ['purpose'], registers }),
    mails: new Counter({ name: 'idp_mails_total', help: 'Mail events, by outcome (the mail.* log events: queued, sent, retry, failed (given up on), not_queued, ...).', labelNames: ['outcome'], registers }),
    storeDuration: new Histogram({
      name: 'idp_store_operation_seconds', help: 'Time of store operations, by port and operation.', labelNames: ['port', 'operation'], registers,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    storeErrors: new Counter({ name: 'idp_store_errors_total', help: 'Store operations that failed, by port and operation.', labelNames: ['port', 'operation'], registers }),
    httpDuration: new Histogram({
      name: 'idp_http_request_seconds', help: 'HTTP request time, by method, route template and status.', labelNames: ['method', 'route', 'status'], registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    oauthRefusals: new Counter({ name: 'idp_oauth_refusals_total', help: 'Refused OAuth/OIDC requests, by endpoint and OAuth error code.', labelNames: ['endpoint', 'error'], registers }),
  };
}
