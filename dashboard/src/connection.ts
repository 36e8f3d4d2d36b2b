import { HttpClient } from '../../shared/client/http-client';
import type { Client } from '../../shared/client/client';

/**
 * The one place the dashboard reaches the API server. Every request (informers, metrics, scheduling
 * explanations, clock writes, network paths) goes through the client made here, so authentication is added here
 * and nowhere else.
 *
 * The API authenticates: the page sends the bearer token kept in this tab's sessionStorage (HttpClient adds
 * `Authorization: Bearer <token>` to every call). `npm run dev` prints the page's address with `#token=…`,
 * which is stored here and dropped from the address bar; a page opened without it asks for a token
 * (widgets/sign-in.ts) and sends nothing until it has one.
 */
export interface Connection {
  client: Client;
  /**
   * GET of a non-resource path (`/metrics`) as text, with the same token: the client library speaks resources
   * only, and Prometheus text is not one.
   */
  text(path: string, signal?: AbortSignal): Promise<string>;
}

/** The connection for this tab's token, or undefined when there is none yet. */
export function connect(server = location.origin): Connection | undefined {
  // `npm run dev` prints the page's address with `#token=…`: keep it for this tab and take it out of the address bar
  const given = /^#token=([^&]+)$/.exec(location.hash);
  if (given) {
    signIn(decodeURIComponent(given[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const authorization = `Bearer ${token}`;
  return {
    client: new HttpClient({ server, token, fieldManager: 'kubeflare-dashboard' }),
    async text(path, signal) {
      const res = await fetch(server + path, { headers: { authorization }, signal });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${res.statusText}`);
      return res.text();
    },
  };
}

/** Keeps a token for this tab (gone when the tab closes). */
export function signIn(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Where a signed-in session keeps its bearer token (per tab, gone when the tab closes). */
export const TOKEN_KEY = 'kubeflare.token';
