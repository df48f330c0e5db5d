/**
 * The OpenID Foundation conformance suite's REST API, as far as a run of our plans needs it: create a
 * plan, create each module of it, follow its status, hand it the front-channel URLs a browser visited,
 * read its log. The suite is not part of this repository; CONFORMANCE_SERVER names a running one.
 */

export type ModuleStatus = 'CREATED' | 'CONFIGURED' | 'WAITING' | 'RUNNING' | 'FINISHED' | 'INTERRUPTED' | 'UNKNOWN';
export type ModuleResult = 'PASSED' | 'FAILED' | 'WARNING' | 'REVIEW' | 'SKIPPED' | 'UNKNOWN';

export interface PlanModule {
  testModule: string;
  variant?: Record<string, string>;
}

export interface CreatedPlan {
  id: string;
  modules: PlanModule[];
}

export interface ModuleInfo {
  status: ModuleStatus;
  result: ModuleResult | null;
}

export interface LogEntry {
  src?: string;
  /** Set while the entry waits for a screenshot: the placeholder to upload it to. */
  upload?: string;
  msg?: string;
  result?: string;
  requirements?: string[];
}

export interface SuiteApi {
  createPlan(planName: string, variant: Record<string, string>, config: object): Promise<CreatedPlan>;
  createModule(planId: string, module: PlanModule): Promise<string>;
  info(moduleId: string): Promise<ModuleInfo>;
  /** Front-channel URLs the module wants a browser to open, that no browser has opened yet. */
  browserUrls(moduleId: string): Promise<string[]>;
  markVisited(moduleId: string, url: string): Promise<void>;
  log(moduleId: string): Promise<LogEntry[]>;
  /** Fills a screenshot placeholder with a PNG data URL. */
  uploadScreenshot(moduleId: string, placeholder: string, dataUrl: string): Promise<void>;
  stop(moduleId: string): Promise<void>;
}

export function suiteApi(server: string): SuiteApi {
  const base = `${server.replace(/\/$/, '')}/api`;

  async function call(method: string, path: string, expected: number[], body?: object | string): Promise<unknown> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) {
      throw new Error(`conformance suite: ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    return text ? JSON.parse(text) : null;
  }

  return {
    async createPlan(planName, variant, config) {
      const query = new URLSearchParams({ planName, variant: JSON.stringify(variant) });
      const plan = await call('POST', `/plan?${query}`, [201], config) as { id: string; modules: PlanModule[] };
      return { id: plan.id, modules: plan.modules };
    },
    async createModule(planId, module) {
      const query = new URLSearchParams({ test: module.testModule, plan: planId });
      if (module.variant) query.set('variant', JSON.stringify(module.variant));
      const created = await call('POST', `/runner?${query}`, [201]) as { id: string };
      return created.id;
    },
    async info(moduleId) {
      const info = await call('GET', `/info/${moduleId}`, [200]) as { status?: ModuleStatus; result?: ModuleResult };
      return { status: info.status ?? 'UNKNOWN', result: info.result ?? null };
    },
    async browserUrls(moduleId) {
      const browser = await call('GET', `/runner/browser/${moduleId}`, [200, 404]) as { urls?: string[]; visited?: string[] } | null;
      const visited = new Set(browser?.visited ?? []);
      return (browser?.urls ?? []).filter((url) => !visited.has(url));
    },
    async markVisited(moduleId, url) {
      await call('POST', `/runner/browser/${moduleId}/visit?${new URLSearchParams({ url })}`, [204, 404]);
    },
    async log(moduleId) {
      return (await call('GET', `/log/${moduleId}`, [200])) as LogEntry[];
    },
    async uploadScreenshot(moduleId, placeholder, dataUrl) {
      await call('POST', `/log/${moduleId}/images/${encodeURIComponent(placeholder)}`, [200], dataUrl);
    },
    async stop(moduleId) {
      await call('DELETE', `/runner/${moduleId}`, [200, 204, 404]);
    },
  };
}
