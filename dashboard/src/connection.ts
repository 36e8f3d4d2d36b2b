import { HttpClient } from '../../shared/client/http-client';
import type { Client } from '../../shared/client/client';

/**
 * The one place the dashboard reaches the API server. Every request (informers, metrics, scheduling
 * explanations) goes through the client made here, so authentication is added here and nowhere else.
 *
 * The API authenticates: the page sends the bearer token kept in this tab's sessionStorage (HttpClient adds
 * `Authorization: Bearer <token>` to every call). `npm run dev` prints the page's address with `#token=…`,
 * which is stored here and dropped from the address bar. A sign-in form for a page opened without it is not
 * built yet.
 */
export function connect(server = location.origin): Client {
  // `npm run dev` prints the page's address with `#token=…`: keep it for this tab and take it out of the address bar
  const given = /^#token=([^&]+)$/.exec(location.hash);
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(given[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  return new HttpClient({ server, token, fieldManager: 'kubeflare-dashboard' });
}

/** Where a signed-in session keeps its bearer token (per tab, gone when the tab closes). */
export const TOKEN_KEY = 'kubeflare.token';
