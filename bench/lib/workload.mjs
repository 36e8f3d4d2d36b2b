// The measured workload: create N small ConfigMaps, get each one, then list their namespaces.
import { runPool } from './stats.mjs';
import { configMap } from './targets.mjs';

/** Namespaces of one scenario: fresh ones, so every scenario starts from empty stores. */
export function scenarioNamespaces(tag, count) {
  return Array.from({ length: count }, (_, i) => `bench-${tag}-${i}`);
}

/**
 * One scenario on one target: `count` creates spread round-robin over `namespaces`, then a get of
 * each, then `lists` lists (round-robin over the namespaces, `limit` per page), each phase at
 * `concurrency` requests in flight.
 * @returns {Promise<{ create: object, get: object, list: object, itemsPerList: number }>}
 */
export async function runScenario(target, { tag, count, concurrency, namespaces, lists, limit }) {
  const nss = scenarioNamespaces(tag, namespaces);
  await target.prepare(nss);
  const items = Array.from({ length: count }, (_, i) => ({ ns: nss[i % nss.length], name: `cm-${String(i).padStart(5, '0')}` }));
  const cpu = target.cpu ?? (() => ({ total: NaN, runtime: NaN }));
  const measured = async (ops) => {
    const before = cpu();
    const client = process.cpuUsage();
    const r = await runPool(ops, concurrency);
    const after = cpu();
    const c = process.cpuUsage(client);
    return {
      ...r,
      cpuMsPerOp: (after.total - before.total) / ops.length,
      runtimeCpuMsPerOp: (after.runtime - before.runtime) / ops.length,
      clientCpuMsPerOp: (c.user + c.system) / 1000 / ops.length,
    };
  };
  const create = await measured(items.map(({ ns, name }) => () => target.create(ns, name, configMap(ns, name))));
  const get = await measured(items.map(({ ns, name }) => () => target.get(ns, name)));
  const list = await measured(Array.from({ length: lists }, (_, i) => () => target.list(nss[i % nss.length], limit)));
  return { create, get, list, itemsPerList: Math.min(limit, Math.ceil(count / namespaces)) };
}

/** Unmeasured traffic so the isolate's JIT, the connection pool and SQLite are warm. */
export async function warmUp(target, count) {
  const [ns] = scenarioNamespaces('warmup', 1);
  await target.prepare([ns]);
  await runPool(
    Array.from({ length: count }, (_, i) => async () => {
      const name = `warm-${i}`;
      const s = await target.create(ns, name, configMap(ns, name));
      await target.get(ns, name);
      if (i % 10 === 0) await target.list(ns, 500);
      return s;
    }),
    4,
  );
}
