/**
 * A small client for the admin API tests: sends requests with an API key and records every
 * response, so that one test can check them all against the OpenAPI document.
 */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
}

export interface ApiCall {
  key?: string | null;
  body?: unknown;
  /** Sent as is (not JSON-encoded) when a string. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export function createApiClient(origin: string, defaultKey: () => string) {
  const recorded: RecordedResponse[] = [];
  async function call(method: string, path: string, options: ApiCall = {}) {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? defaultKey() : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${origin}/api/admin/v1${path}`, { method, headers, body });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const parsed = text ? JSON.parse(text) as unknown : null;
    recorded.push({ method, path: path.split('?')[0]!, status: response.status, contentType, body: parsed });
    return { status: response.status, headers: response.headers, body: parsed as any, contentType };
  }
  return { call, recorded };
}
