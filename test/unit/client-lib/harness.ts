import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { Client, ObjectLike, ResourceClient, ResourceRef, WatchOptions } from '../../../shared/client';
import { MemoryClient } from '../../../shared/client';
import { FakeClock } from '../../../shared/client/library';

export const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps' };

export function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>, namespace = 'default'): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

/**
 * A MemoryClient on a FakeClock whose watches the test can cut and hold back, so writes can
 * happen while the informer is disconnected (then compaction forces a 410 on re-watch).
 */
export function harness(retentionMs = 1000) {
  const clock = new FakeClock(1_000_000);
  const memory = new MemoryClient({ now: () => clock.now(), retentionMs, schedule: () => () => {} });
  const open = new Set<AbortController>();
  let gate: { promise: Promise<void>; release: () => void } | undefined;
  let watches = 0;
  const wrap = <T extends ObjectLike>(rc: ResourceClient<T>): ResourceClient<T> =>
    new Proxy(rc, {
      get(target, prop, receiver) {
        if (prop === 'namespace') return (ns: string) => wrap(target.namespace(ns));
        if (prop === 'watch') {
          return (o: WatchOptions = {}) => {
            watches++;
            const c = new AbortController();
            o.signal?.addEventListener('abort', () => c.abort(), { once: true });
            open.add(c);
            const held = gate?.promise;
            return (async function* () {
              if (held) await held;
              yield* target.watch({ ...o, signal: AbortSignal.any([c.signal]) });
            })();
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const client: Client = { resource: <T extends ObjectLike>(ref: ResourceRef) => wrap(memory.resource<T>(ref)) };
  return {
    clock,
    memory,
    client,
    get watches() {
      return watches;
    },
    /** Ends open watches and holds new ones until release(). */
    disconnect() {
      let release!: () => void;
      gate = { promise: new Promise<void>((r) => (release = r)), release };
      for (const c of open) c.abort();
      open.clear();
    },
    reconnect() {
      gate?.release();
      gate = undefined;
    },
  };
}

/** Records handler calls as compact strings. */
export function recorder() {
  const events: string[] = [];
  const name = (o: ObjectLike) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  return {
    events,
    handler: {
      onAdd: (o: ObjectLike, initial: boolean) => events.push(`add ${o.metadata?.name}${initial ? ' (list)' : ''}`),
      onUpdate: (a: ObjectLike, b: ObjectLike) => events.push(a === b ? `resync ${b.metadata?.name}` : `update ${b.metadata?.name} ${(a as ConfigMap).data?.v ?? ''}->${(b as ConfigMap).data?.v ?? ''}`),
      onDelete: (o: ObjectLike, info: { finalStateUnknown: boolean }) => events.push(`delete ${o.metadata?.name}${info.finalStateUnknown ? ' (relist)' : ''}`),
    },
    name,
  };
}
