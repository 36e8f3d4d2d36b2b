// Raw `fetch` calls in the e2e suite reach servers that authenticate. This setup file (vitest.e2e.config.ts
// setupFiles) sends each known server's admin token with every request to it that carries no Authorization header,
// so tests keep calling plain `fetch(url)`. A test that uses another token passes its own Authorization header; one
// that must send none calls `anonymousFetch`.
import { Agent, fetch as undiciFetch } from 'undici';
import { inject } from 'vitest';

const ORIGINAL = Symbol.for('kubeflare.e2e.rawFetch');
type Global = typeof globalThis & { [ORIGINAL]?: typeof fetch };
const g = globalThis as Global;
g[ORIGINAL] ??= globalThis.fetch.bind(globalThis);

/** fetch exactly as Node has it: no credentials added, certificates verified. */
const rawFetch: typeof fetch = g[ORIGINAL];

const TOKENS = Symbol.for('kubeflare.e2e.serverTokens');
const tokens: Map<string, string> = ((g as unknown as Record<symbol, Map<string, string>>)[TOKENS] ??= new Map());

/** Adds `token` to every later request to `url`'s origin (a private server started by a test). */
export function registerServerToken(url: string, token: string): void {
  tokens.set(new URL(url).origin, token);
}

function requestUrl(input: RequestInfo | URL): string {
  return input instanceof Request ? input.url : String(input);
}

globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  let token: string | undefined;
  try {
    token = tokens.get(new URL(requestUrl(input)).origin);
  } catch {
    // not an absolute URL: let fetch report it
  }
  if (!token) return isLoopbackHttps(requestUrl(input)) ? localFetch(input, init ?? {}) : rawFetch(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  return localFetch(input, { ...init, headers });
};

/**
 * Servers with authentication listen on HTTPS with wrangler's self-signed certificate (kubectl sends tokens over TLS
 * only): requests to a loopback HTTPS server skip certificate verification, through undici's own fetch (the
 * one Node's is built on), which takes a dispatcher. Nothing else in the process is affected (child processes such
 * as `npm run dev` keep verifying).
 */
const insecureLoopback = new Agent({ connect: { rejectUnauthorized: false } });
function localFetch(input: RequestInfo | URL, init: RequestInit): Promise<Response> {
  if (!isLoopbackHttps(requestUrl(input))) return rawFetch(input, init);
  const url = input instanceof Request ? input.url : input;
  const merged = input instanceof Request ? { method: input.method, body: input.body, signal: input.signal, ...init } : init;
  return undiciFetch(url as string, { ...(merged as object), duplex: 'half', dispatcher: insecureLoopback } as never) as unknown as Promise<Response>;
}

/** A loopback HTTPS address: a local server's self-signed certificate (one `npm run dev` started, say) is accepted. */
function isLoopbackHttps(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

registerServerToken(inject('kubeUrl'), inject('adminToken'));

/** fetch with no credentials added (a local server's self-signed certificate accepted): what an anonymous client sends. */
export function anonymousFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  return localFetch(input, init);
}
