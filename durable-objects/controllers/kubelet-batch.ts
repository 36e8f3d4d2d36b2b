import type { Event, Node, Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../shared/api/object';
import type { ResourceDef } from '../../shared/api/registry';
import type { StoreApi, UpdateRequest } from '../../shared/apiserver/store-protocol';
import type { Client } from '../../shared/client';
import { getOrUndefined, statusToError } from '../../shared/client/store-result';
import { readMany } from '../../shared/client/read-many';
import { NODES, PODS } from '../../shared/api/resource-refs';
import { makeEvent } from '../../shared/controllers/events';
import type { RecordedEvent } from '../../shared/controllers/event-correlation';
import type { SimEvent } from '../../shared/nodes';
import { CLUSTER_STORE, namespaceStore } from '../../platform/stores';
import { recorderFor } from './event-recorders';
import { NODE_DEF, POD_DEF } from '../../shared/api/resource-defs';

/** What a read is memoized under: resource, namespace and name. */
const readKey = (resource: { group: string; plural: string }, namespace: string | undefined, name: string) => `${resource.group}/${resource.plural}/${namespace ?? ''}/${name}`;

/**
 * One alarm's worth of kubelet work against the API: reads shared by the batch's pods (a node, a
 * profile, a ConfigMap is read once however many pods need it) and writes gathered per namespace,
 * so the pod statuses of a namespace go out as ONE updateMany and its new Events as ONE createMany (the
 * host's recorder correlates them: a repeat patches the Event it repeats).
 * Reads are memoized as promises: only this Durable Object awaits them, within this batch.
 */
export class KubeletBatch {
  private readonly reads = new Map<string, Promise<unknown>>();
  private readonly statuses = new Map<string, { key: string; req: UpdateRequest }[]>();
  private readonly events: RecordedEvent[] = [];

  constructor(
    private readonly client: Client,
    private readonly store: (name: string) => StoreApi,
    private readonly component: string,
  ) {}

  /** An object by resource, namespace and name, read at most once per batch; undefined when absent. */
  get<T>(resource: { group: string; version: string; plural: string }, namespace: string | undefined, name: string): Promise<T | undefined> {
    const key = readKey(resource, namespace, name);
    let hit = this.reads.get(key) as Promise<T | undefined> | undefined;
    if (!hit) {
      const r = this.client.resource<T & KubeObject>(resource);
      hit = getOrUndefined((namespace === undefined ? r : r.namespace(namespace)).get(name)) as Promise<T | undefined>;
      this.reads.set(key, hit);
    }
    return hit;
  }

  /**
   * Reads the pods `keys` (`namespace/name`) ahead, one getMany per namespace, and then the nodes they
   * are bound to, one getMany for all: not one get per pod and per node. `get` and `node` answer from
   * these reads (undefined when gone; an object whose read failed rejects alone).
   */
  async readPodsAndNodes(keys: Iterable<string>): Promise<void> {
    const byNamespace = new Map<string, string[]>();
    for (const key of keys) {
      const [ns, name] = key.split('/') as [string, string];
      const names = byNamespace.get(ns);
      if (names) names.push(name);
      else byNamespace.set(ns, [name]);
    }
    const pods = await Promise.all([...byNamespace].map(([ns, names]) => this.readAhead<Pod>(POD_DEF, PODS, ns, names)));
    const nodes = new Set(pods.flat().flatMap((p) => (p?.spec?.nodeName ? [p.spec.nodeName] : [])));
    void this.readAhead<Node>(NODE_DEF, NODES, undefined, [...nodes]);
  }

  /** `names` of one resource read in bulk (readMany) into the batch's reads, but the ones read already; resolves to those read, undefined for a gone or failed one. */
  private async readAhead<T>(def: ResourceDef, ref: { group: string; plural: string }, namespace: string | undefined, names: string[]): Promise<(T | undefined)[]> {
    const fresh = names.filter((n) => !this.reads.has(readKey(ref, namespace, n)));
    if (!fresh.length) return [];
    const read = readMany<T>(this.store(namespace === undefined ? CLUSTER_STORE : namespaceStore(namespace)), def, fresh);
    const each = fresh.map((name) => {
      const one = read.then((found) => {
        const o = found.get(name)!;
        if ('error' in o) throw o.error;
        return 'object' in o ? o.object : undefined;
      });
      this.reads.set(readKey(ref, namespace, name), one);
      return one.catch(() => undefined);
    });
    return Promise.all(each);
  }

  /** A node read this batch (several pods of a node share it). */
  node(name: string): Promise<Node | undefined> {
    return this.get<Node>(NODES, undefined, name);
  }

  /** Queues the pod's status write (conditional on the resourceVersion read), flushed with the batch. */
  writeStatus(key: string, pod: Pod, status: PodStatus): void {
    const ns = pod.metadata?.namespace || 'default';
    const list = this.statuses.get(ns) ?? [];
    list.push({ key, req: { def: POD_DEF, name: pod.metadata!.name!, object: { ...pod, status } as KubeObject, target: 'status', version: 'v1', fieldManager: this.component } });
    this.statuses.set(ns, list);
  }

  /** Queues Events about `involved` (in order), flushed with the batch; their failures are ignored, as a recorder's are. */
  recordEvents(involved: KubeObject, events: SimEvent[]): void {
    for (const [i, e] of events.entries()) {
      const event = makeEvent(involved, e.type, e.reason, e.message, this.component, e.atMs, i) as unknown as KubeObject & {
        involvedObject: Record<string, unknown>;
        source: Record<string, unknown>;
      };
      if (e.fieldPath) event.involvedObject.fieldPath = e.fieldPath;
      const node = (involved.spec as { nodeName?: string } | undefined)?.nodeName;
      if (node) event.source.host = node;
      this.events.push({ event: event as Event, nowMs: e.atMs });
    }
  }

  /**
   * Writes what the batch queued: per namespace one updateMany of pod statuses, and the Events through
   * the recorder, all namespaces at once. Returns the error of each pod key whose status write failed
   * (a conflict: the pod changed since it was read; the caller retries that key).
   */
  async flush(): Promise<Map<string, unknown>> {
    const failed = new Map<string, unknown>();
    const statuses = [...this.statuses].map(async ([ns, writes]) => {
      let results;
      try {
        results = await this.store(namespaceStore(ns)).updateMany(writes.map((w) => w.req));
      } catch (error) {
        for (const w of writes) failed.set(w.key, error);
        return;
      }
      for (const [i, w] of writes.entries()) {
        const r = results[i]!;
        if (!r.ok) failed.set(w.key, statusToError(r.status));
      }
    });
    const events = recorderFor(this.client).record(this.events.splice(0), this.component);
    this.statuses.clear();
    await Promise.all([...statuses, events]);
    return failed;
  }
}
