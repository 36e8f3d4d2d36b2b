import worker from '../../workers/index';
import { BASE } from './helpers';

/**
 * A request to the Worker's fetch handler under `withEnv` (auth on, an admin token) with a bearer token:
 * its status, text, headers, and the text parsed as JSON when there is any.
 */
export async function callWithToken(withEnv: unknown, token: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await worker.fetch(new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), withEnv as never);
  const text = await res.text();
  return {
    status: res.status,
    text,
    headers: res.headers,
    get body(): any {
      return text ? JSON.parse(text) : undefined;
    },
  };
}
