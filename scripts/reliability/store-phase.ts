// Histories and a watch on one store, across graceful restarts and SIGKILLs of the server, then the checks:
// every history linearizable (ending in the state the final list shows), the counter in real-time order
// across the whole run, and the watch stream exact.
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../shared/api/seeded-random';
import { checkLinearizable } from '../../shared/testing/linearizability';
import { checkResourceVersionOrder, kvModel, type KvOperation } from '../../shared/testing/linearizability-kv-model';
import { checkWatchHistory, type WatchedWrite } from '../../shared/testing/watch-history';
import type { Figures } from './figures';
import { HISTORY_LABEL, historySeed, RestartClock, runHistory, type HistoryShape } from './histories';
import { json, send } from './http';
import type { ServerUnderTest } from './server';
import { listStore, StoreWatcher } from './watcher';

export interface StorePhaseOptions {
  server: ServerUnderTest;
  figures: Figures;
  seed: number;
  ns: string;
  shape: HistoryShape;
  /** Histories run at once (each with `shape.clients` clients). */
  parallel: number;
  durationMs: number;
  maxHistories: number;
  /** The first history's index in the run (its id and its seed), when a run spreads over several stores. */
  firstIndex: number;
  /** Restarts during the phase, at fractions of its duration. */
  restarts: { at: number; how: 'term' | 'kill' }[];
  timeoutMs: number;
  progress?: (line: string) => void;
}

function describeOp(op: KvOperation): string {
  const i = op.input;
  const what = i.op === 'list' ? 'list' : `${i.op} ${i.key}${'value' in i ? `=${i.value}` : ''}${'precondition' in i && i.precondition !== undefined ? ` if rv=${i.precondition}` : ''}`;
  const t = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '∞');
  return `c${op.client} ${what} → ${op.output === undefined ? 'lost' : JSON.stringify(op.output)} [${t(op.call)}, ${t(op.ret)}]`;
}

/**
 * A read after everything else that returns an overwritten value of a key (an earlier acknowledged write,
 * with its rv): a stale read the checker must reject. Undefined when the history has no overwritten value.
 */
function staleReadControl(ops: KvOperation[], after: number): KvOperation | undefined {
  const writes = ops
    .filter((op) => (op.input.op === 'create' || op.input.op === 'update') && op.output?.ok && op.output.rv !== undefined)
    .sort((a, b) => (a.output as { rv: number }).rv - (b.output as { rv: number }).rv);
  for (let i = 0; i < writes.length - 1; i++) {
    const w = writes[i]!;
    const key = (w.input as { key: string }).key;
    if (!writes.slice(i + 1).some((l) => (l.input as { key: string }).key === key)) continue;
    const value = (w.input as { value: string }).value;
    return { client: -2, input: { op: 'get', key }, output: { ok: true, value, rv: (w.output as { rv: number }).rv }, call: after + 1, ret: after + 2 };
  }
  return undefined;
}

/** The ConfigMap the root-ca-cert-publisher keeps in every namespace: the one object of a phase's namespace no client wrote. */
const ROOT_CA = 'kube-root-ca.crt';

/** Creates the namespace and waits until it has settled (its kube-root-ca.crt published), so the phase's watch starts after that write. */
export async function ensureNamespace(server: ServerUnderTest, ns: string): Promise<void> {
  const r = await send(server.url, 'POST', '/api/v1/namespaces', json({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
  if (!r.ok || (r.status !== 201 && r.status !== 409)) throw new Error(`creating namespace ${ns}: ${r.ok ? `${r.status} ${r.text}` : r.error}`);
  for (const deadline = performance.now() + 20_000; ; await new Promise((res) => setTimeout(res, 50))) {
    const cm = await send(server.url, 'GET', `/api/v1/namespaces/${ns}/configmaps/${ROOT_CA}`);
    if (cm.ok && cm.status === 200) return;
    if (performance.now() > deadline) throw new Error(`namespace ${ns}: ${ROOT_CA} not published within 20 s`);
  }
}

export async function runStorePhase(o: StorePhaseOptions): Promise<void> {
  const { server, figures, ns } = o;
  await ensureNamespace(server, ns);
  const start = await listStore(server, ns);
  const watcher = new StoreWatcher(server, ns, figures, start.rv);
  watcher.start();
  const clock = new RestartClock();
  const ctx = { server, clock, figures, ns, timeoutMs: o.timeoutMs };
  const histories: { id: string; ops: KvOperation[] }[] = [];
  const began = performance.now();
  const deadline = began + o.durationMs;
  let started = 0;
  let running = true;

  const workers = Array.from({ length: o.parallel }, async () => {
    while (performance.now() < deadline && started < o.maxHistories) {
      const index = o.firstIndex + started++;
      const id = `h${index}`;
      histories.push({ id, ops: await runHistory(ctx, id, o.shape, seededRandom(historySeed(o.seed, index))) });
      figures.histories++;
    }
  });
  const faults = (async () => {
    for (const f of [...o.restarts].sort((a, b) => a.at - b.at)) {
      // at that fraction of the time or of the histories, whichever comes first
      while (running && performance.now() < began + f.at * o.durationMs && started < f.at * o.maxHistories) await new Promise((r) => setTimeout(r, 100));
      if (!running) return;
      clock.epoch++;
      await server.restart(f.how);
      clock.epoch++;
      figures.fault(f.how === 'kill' ? 'SIGKILL of workerd mid-request' : 'graceful restart mid-request');
    }
  })();
  const ticker = o.progress && setInterval(() => o.progress!(`${ns}: histories ${figures.histories} in all, operations ${figures.operations}, violations ${figures.violations.length}`), 5000);
  await Promise.all(workers);
  running = false;
  await faults;
  if (ticker) clearInterval(ticker);

  // A last write so the watcher can prove it caught up, then the final state.
  await server.up();
  const sentinel = `sentinel-${Date.now()}`;
  const s = await send(server.url, 'POST', `/api/v1/namespaces/${ns}/configmaps`, json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: sentinel }, data: { v: sentinel } }));
  const sentinelRv = s.ok && s.status === 201 ? Number(s.body.metadata.resourceVersion) : NaN;
  if (!(await watcher.caughtUp(sentinelRv, 15_000))) {
    figures.violation({ phase: 'watch', kind: 'watch fell behind', detail: `the watch did not deliver rv ${sentinelRv} within 15 s (last seen ${watcher.lastRv})` });
  }
  const finalCall = performance.now();
  const final = await listStore(server, ns);
  const finalRet = performance.now();
  await watcher.stop();

  // Linearizability of each history, each ending with a read of its keys from the final list.
  const all: KvOperation[] = [];
  for (const h of histories) {
    const keys = [...new Set(h.ops.flatMap((op) => (op.input.op === 'list' ? op.input.keys : [op.input.key])))];
    const items = Object.fromEntries(Object.entries(final.items).filter(([k]) => keys.includes(k)));
    const finalRead: KvOperation = { client: -1, input: { op: 'list', keys }, output: { ok: true, items, rv: final.rv }, call: finalCall, ret: finalRet };
    const ops = [...h.ops, finalRead];
    all.push(...h.ops);
    const r = checkLinearizable(kvModel, ops, 200_000);
    const control = staleReadControl(ops, finalRet);
    if (control) {
      // the same history with one stale read appended must be rejected, or the checks above prove nothing
      figures.controls++;
      if (checkLinearizable(kvModel, [...ops, control], 200_000).ok !== false) {
        figures.violation({ phase: 'histories', kind: 'checker accepted a corrupted history', detail: `history ${h.id} plus ${describeOp(control)}` });
      }
    }
    if (r.ok === false) {
      figures.violation({ phase: 'histories', kind: 'not linearizable', detail: `history ${h.id} (seed ${o.seed}); key's operations:\n        ${r.partition.map(describeOp).join('\n        ')}` });
    } else if (r.ok === 'unknown') {
      figures.violation({ phase: 'histories', kind: 'checker gave up', detail: `history ${h.id}: search bound exceeded` });
    }
  }
  all.push({ client: -1, input: { op: 'list', keys: [] }, output: { ok: true, items: {}, rv: final.rv }, call: finalCall, ret: finalRet });
  const order = checkResourceVersionOrder(all);
  if (order) figures.violation({ phase: 'histories', kind: 'resourceVersion out of order', detail: `${order.message}: ${describeOp(order.first)} / ${describeOp(order.second)}` });

  // The watch: every acknowledged write exactly once, in order, ending where the final list is.
  const writes: WatchedWrite[] = [{ op: 'create', key: sentinel, value: sentinel, rv: sentinelRv, acknowledged: true }];
  for (const op of all) {
    const i = op.input;
    if (i.op !== 'create' && i.op !== 'update' && i.op !== 'delete') continue;
    if (op.output !== undefined && !op.output.ok) continue;
    writes.push({ op: i.op, key: i.key, value: 'value' in i ? i.value : undefined, rv: op.output?.ok ? op.output.rv : undefined, acknowledged: op.output !== undefined });
  }
  for (const p of [...watcher.problems, ...checkWatchHistory({ start, records: watcher.records, writes, final })]) {
    figures.violation({ phase: 'watch', kind: 'watch stream', detail: p });
  }
  // objects of this phase only carry the history label or are sentinels (besides the namespace's kube-root-ca.crt)
  for (const obj of final.objects) {
    if (!obj.metadata.labels?.[HISTORY_LABEL] && !obj.metadata.name.startsWith('sentinel-') && obj.metadata.name !== ROOT_CA) {
      figures.violation({ phase: 'histories', kind: 'stray object', detail: `${ns}/${obj.metadata.name}` });
    }
  }
}
