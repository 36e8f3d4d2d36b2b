// Raw HTTP for the reliability run: node:http sends the path exactly as given (fetch would resolve dot
// segments and re-encode before the server sees them), and every request has a deadline.
import { Agent, request as httpRequest } from 'node:http';

/** What came back: a status and body, or why nothing did (`timedOut` when the deadline passed first). */
export type Reply =
  | { ok: true; status: number; text: string; body: any; contentType: string; /** still streaming when we stopped reading (a watch) */ streaming?: boolean }
  | { ok: false; error: string; timedOut: boolean };

export interface RequestOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Stop reading this long after the headers arrived (a watch streams until its timeout). */
  streamMs?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request to `base` (http://host:port) with `path` sent verbatim.
 * @example await send(url, 'GET', '/api/v1/namespaces')
 */
export function send(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const u = new URL(base);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Reply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    // node:http sends a DELETE's body with neither Content-Length nor chunked encoding (it expects none),
    // so the server would read the body as the next request on the connection
    if (opts.body !== undefined) headers['content-length'] = String(typeof opts.body === 'string' ? Buffer.byteLength(opts.body) : opts.body.byteLength);
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => done({ ok: false, error: String(e), timedOut: false }));
        if (opts.streamMs !== undefined) {
          setTimeout(() => {
            if (settled) return;
            done({ ok: true, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), body: undefined, contentType: String(res.headers['content-type'] ?? ''), streaming: true });
            req.destroy();
          }, opts.streamMs);
        }
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          done({ ok: true, status: res.statusCode ?? 0, text, body, contentType: String(res.headers['content-type'] ?? '') });
        });
      });
    } catch (e) {
      // node:http refuses some paths itself (control characters): nothing was sent
      resolve({ ok: false, error: `not sent: ${(e as Error).message}`, timedOut: false });
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, error: `no answer within ${timeoutMs} ms`, timedOut: true });
    }, timeoutMs);
    req.on('error', (e) => done({ ok: false, error: String(e), timedOut: false }));
    req.end(opts.body);
  });
}

/** JSON body helper. */
export const json = (v: unknown): RequestOptions => ({ body: JSON.stringify(v) });
