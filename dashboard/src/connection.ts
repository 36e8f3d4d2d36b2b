import { HttpClient } from '../../shared/client/http-client';
import type { Client } from '../../shared/client/client';

/**
 * The one place the dashboard reaches the API server. Every request (informers, metrics, scheduling
 * explanations) goes through the client made here, so authentication is added here and nowhere else.
 *
 * Authentication does not exist yet. When it lands, the page needs the bearer token from the kubeconfig:
 * read it here (e.g. from a sign-in form kept in sessionStorage) and pass it as `token` — HttpClient sends
 * it as `Authorization: Bearer <token>` on every call — and show the sign-in form instead of the views
 * while there is none.
 */
export function connect(server = location.origin): Client {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  return new HttpClient({ server, token, fieldManager: 'kubeflare-dashboard' });
}

/** Where a signed-in session keeps its bearer token (per tab, gone when the tab closes). */
export const TOKEN_KEY = 'kubeflare.token';
