// Concurrent clients against one store (one namespace): each history is a few clients doing a few random
// operations on a few ConfigMaps of their own (labelled with the history), recorded with invoke and return
// times for the linearizability checker. Unknown outcomes (in flight at a restart) are recorded as such.
import { performance } from 'node:perf_hooks';
import type { KvFailure, KvInput, KvOperation, KvOutput } from '../../shared/testing/linearizability-kv-model';
import type { Figures } from './figures';
import { json, send, type Reply } from './http';
import type { ServerUnderTest } from './server';

export const HISTORY_LABEL = 'reliability.kubeflare.dev/history';

export interface HistoryShape {
  clients: number;
  opsPerClient: number;
  keys: number;
}

/** Requests in flight when a restart began or ended cannot be blamed on the server. */
export class RestartClock {
  epoch = 0;
}

/** An rv as the model wants it: the counter of a plain single-store resourceVersion. */
function rvOf(obj: any): number | undefined {
  const rv = obj?.metadata?.resourceVersion;
  return typeof rv === 'string' && /^\d+$/.test(rv) ? Number(rv) : undefined;
}

/** Turns an answer into the model's output; `undefined` for a lost outcome, `'bad'` for an answer that must never happen. */
function outputOf(input: KvInput, reply: Reply): KvOutput | undefined | 'bad' {
  if (!reply.ok) return undefined;
  const { status, body } = reply;
  if (status >= 200 && status < 300) {
    if (input.op === 'list') {
      const items: Record<string, { value: string; rv: number }> = {};
      for (const o of body?.items ?? []) items[o.metadata.name] = { value: o.data?.v, rv: rvOf(o)! };
      const rv = rvOf(body);
      return rv === undefined ? 'bad' : { ok: true, items, rv };
    }
    if (input.op === 'delete') return { ok: true };
    const rv = rvOf(body);
    if (rv === undefined) return 'bad';
    return input.op === 'get' ? { ok: true, rv, value: body?.data?.v } : { ok: true, rv };
  }
  const reason: KvFailure | undefined = status === 404 ? 'NotFound' : status === 409 ? (body?.reason === 'AlreadyExists' ? 'AlreadyExists' : 'Conflict') : undefined;
  if (reason && body?.kind === 'Status') return { ok: false, reason };
  return 'bad';
}

function requestFor(ns: string, history: string, input: KvInput): { method: string; path: string; body?: string | Uint8Array } {
  const base = `/api/v1/namespaces/${ns}/configmaps`;
  const labels = { [HISTORY_LABEL]: history };
  switch (input.op) {
    case 'create':
      return { method: 'POST', path: base, ...json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.key, labels }, data: { v: input.value } }) };
    case 'update': {
      const metadata = { name: input.key, labels, ...(input.precondition !== undefined ? { resourceVersion: String(input.precondition) } : {}) };
      return { method: 'PUT', path: `${base}/${input.key}`, ...json({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { v: input.value } }) };
    }
    case 'delete': {
      const body = input.precondition !== undefined ? json({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: String(input.precondition) } }) : {};
      return { method: 'DELETE', path: `${base}/${input.key}`, ...body };
    }
    case 'get':
      return { method: 'GET', path: `${base}/${input.key}` };
    case 'list':
      return { method: 'GET', path: `${base}?labelSelector=${encodeURIComponent(`${HISTORY_LABEL}=${history}`)}` };
  }
}

export interface HistoryContext {
  server: ServerUnderTest;
  clock: RestartClock;
  figures: Figures;
  ns: string;
  timeoutMs: number;
}

/** Runs one history (all its clients concurrently) and returns its operations. */
export async function runHistory(ctx: HistoryContext, id: string, shape: HistoryShape, rand: () => number): Promise<KvOperation[]> {
  const keys = Array.from({ length: shape.keys }, (_, i) => `${id}-k${i}`);
  // each client's script is drawn up front, so a seed gives the same inputs whatever the timing
  const scripts = Array.from({ length: shape.clients }, () => Array.from({ length: shape.opsPerClient }, () => [rand(), rand(), rand(), rand()] as const));
  const ops: KvOperation[] = [];
  await Promise.all(
    scripts.map(async (script, c) => {
      const lastRv = new Map<string, number>();
      for (const [i, [r1, r2, r3, r4]] of script.entries()) {
        const key = keys[Math.floor(r2 * keys.length)]!;
        const value = `${id}.c${c}.o${i}`;
        // a precondition is what a read-modify-write client sends: the rv it last saw (maybe stale), or a wrong one
        const precondition = r3 < 0.5 ? undefined : r3 < 0.9 ? (lastRv.get(key) ?? 1) : Math.floor(r4 * 1e6) + 1;
        const input: KvInput =
          r1 < 0.2
            ? { op: 'create', key, value }
            : r1 < 0.5
              ? { op: 'update', key, value, precondition }
              : r1 < 0.6
                ? { op: 'delete', key, precondition }
                : r1 < 0.85
                  ? { op: 'get', key }
                  : { op: 'list', keys };
        await ctx.server.up();
        const req = requestFor(ctx.ns, id, input);
        const epoch = ctx.clock.epoch;
        const call = performance.now();
        const reply = await send(ctx.server.url, req.method, req.path, { body: req.body, timeoutMs: ctx.timeoutMs });
        const ret = performance.now();
        const out = outputOf(input, reply);
        ctx.figures.operations++;
        if (reply.ok) ctx.figures.statusCounts[String(reply.status)] = (ctx.figures.statusCounts[String(reply.status)] ?? 0) + 1;
        if (out === 'bad' || (out === undefined && epoch === ctx.clock.epoch)) {
          const answer = reply.ok ? `${reply.status} ${reply.text.slice(0, 300)}` : reply.error;
          ctx.figures.violation({ phase: 'histories', kind: reply.ok ? `answer ${reply.status}` : reply.timedOut ? 'hang' : 'connection failed', detail: `${req.method} ${req.path} ${req.body ?? ''} → ${answer}` });
        }
        if (out === undefined || out === 'bad') {
          ctx.figures.unknownOutcomes++;
          ops.push({ client: c, input, output: undefined, call, ret: Infinity });
          continue;
        }
        ops.push({ client: c, input, output: out, call, ret });
        if (out.ok && out.rv !== undefined && input.op !== 'list') lastRv.set(key, out.rv);
        if (out.ok && 'items' in out) for (const [k, v] of Object.entries(out.items)) lastRv.set(k, v.rv);
        if (!out.ok && out.reason === 'NotFound') lastRv.delete(key);
      }
    }),
  );
  return ops;
}

/** Deterministic per-history randomness from the run's seed, so one history can be replayed alone. */
export function historySeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}
