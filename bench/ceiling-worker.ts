// The bench ceiling: what one SQLite Durable Object does for the same small writes with no API
// machinery (no admission, no event log, no counter row, no watch hub, no JSON parse).
// Same shape as the API server: HTTP -> Worker -> RPC to a Durable Object named per shard.
import { DurableObject } from 'cloudflare:workers';

interface Env {
  CEILING: DurableObjectNamespace<CeilingStore>;
}

/** One shard: a single table of (name, body) rows. */
export class CeilingStore extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS objects (name TEXT PRIMARY KEY, body TEXT NOT NULL)');
  }

  /** INSERTs the body as given; false when the name is taken. */
  put(name: string, body: string): boolean {
    return this.ctx.storage.sql.exec('INSERT INTO objects (name, body) VALUES (?, ?) ON CONFLICT(name) DO NOTHING', name, body).rowsWritten > 0;
  }

  get(name: string): string | null {
    const row = this.ctx.storage.sql.exec<{ body: string }>('SELECT body FROM objects WHERE name = ?', name).toArray()[0];
    return row ? row.body : null;
  }

  /** The bodies in name order, joined into one JSON array text (no parse on the way out). */
  list(limit: number): string {
    const rows = this.ctx.storage.sql.exec<{ body: string }>('SELECT body FROM objects ORDER BY name LIMIT ?', limit).toArray();
    return `{"items":[${rows.map((r) => r.body).join(',')}]}`;
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export default {
  // Routes: GET /readyz; POST /s/SHARD/NAME; GET /s/SHARD/NAME; GET /s/SHARD?limit=N
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/readyz') return new Response('ok');
    const [, prefix, shard, name] = url.pathname.split('/');
    if (prefix !== 's' || !shard) return new Response('not found', { status: 404 });
    const stub = env.CEILING.get(env.CEILING.idFromName(shard));
    if (request.method === 'POST' && name) {
      const body = await request.text();
      const created = await stub.put(name, body);
      return new Response(created ? body : '{"reason":"AlreadyExists"}', { status: created ? 201 : 409, headers: JSON_HEADERS });
    }
    if (request.method === 'GET' && name) {
      const body = await stub.get(name);
      return body === null ? new Response('{"reason":"NotFound"}', { status: 404, headers: JSON_HEADERS }) : new Response(body, { headers: JSON_HEADERS });
    }
    if (request.method === 'GET') return new Response(await stub.list(Number(url.searchParams.get('limit') ?? '500')), { headers: JSON_HEADERS });
    return new Response('method not allowed', { status: 405 });
  },
} satisfies ExportedHandler<Env>;
