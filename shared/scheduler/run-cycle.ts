import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ConfigMap, Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { volumeBindingPlan } from './plugins/volumes';
import { ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from '../controllers/persistent-volume/annotations';
import { ApiError } from '../api/errors';
import type { Json, KubeObject } from '../api/object';
import type { Client } from '../client';
import { foundByName, getOrUndefined, statusToError } from '../client/store-result';
import type { StoreApi } from '../apiserver/store-protocol';
import {
  abortRelist,
  applyRead,
  applyWhole,
  assumePod,
  beginRelist,
  createCache,
  finishBinding,
  finishRelist,
  forgetPod,
  needsRelist,
  staleReadGroups,
  takeEvents,
  type ClusterLists,
  type SchedulerCache,
} from './cluster-cache';
import { makeEvent } from '../controllers/events';
import {
  addNew,
  createQueue,
  done,
  explainAnnotations,
  nextWakeUp,
  parseConfigMap,
  SCHEDULER_CONFIG_NAME,
  SCHEDULER_CONFIG_NAMESPACE,
  onClusterEvent,
  pop,
  podKey,
  prune,
  queuedKeys,
  requeueUnschedulable,
  scheduledMessage,
  scheduleOne,
  unschedulablePlugins,
  type QueueState,
} from '.';
import { CONFIG_MAPS, EVENTS, NODES, PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, PODS, POD_DISRUPTION_BUDGETS, STORAGE_CLASSES } from '../api/resource-refs';
import { NODE_DEF, POD_DEF } from '../api/resource-defs';
import { rfc3339 } from '../nodes/time-format';

/** Above this many nodes, pods do not get the per-node score annotations (they would weigh ~0.4 KB per node). */
export const MAX_NODES_FOR_SCORE_ANNOTATIONS = 20;

/** Pods scheduled per cycle at most; the rest wait for the next alarm (armed at once). */
const MAX_PODS_PER_CYCLE = 500;

/**
 * Reads of stale objects in flight at once: a store answers one request at a time, and a queue of
 * hundreds from one caller starves the API's own requests (the dev server answers them 503).
 */
const READS_IN_FLIGHT = 8;

/** Objects read in one store call at most (a cycle binds at most MAX_PODS_PER_CYCLE pods). */
const OBJECTS_PER_READ = 500;

/** A cycle whose reads partly failed comes back this soon for the rest (the failed keys stay stale). */
const RETRY_READS_MS = 100;

/** The scheduler's state: its queue (persisted), where the next cycle starts, and its cache (memory only). */
export interface SchedulerState {
  queue?: QueueState;
  startIndex?: number;
  /** Last FailedScheduling message per pod, so an unchanged failure is not recorded again and again. */
  lastFailure?: Record<string, string>;
  /** Nodes and pods as the stores' notices left them; rebuilt from a full list after a restart. */
  cache?: SchedulerCache;
}

/** What one binding came to: the pod as stored (when the writer has it), or the error. */
export type BindOutcome = { ok: true; pod?: Pod } | { ok: false; error: unknown };

/**
 * The store calls a cycle makes in bulk, one store at a time: reads of the pods and nodes its notices
 * announced, and bindings (each its own all-or-nothing write with its own result, as upstream's one POST
 * per pod), each followed by its Scheduled event when it was written.
 */
export interface CycleWriter {
  /** The named pods of a namespace (or nodes: no namespace) as stored; a name missing from the map is gone. Throws when the read failed. */
  read(kind: 'pods' | 'nodes', namespace: string | undefined, names: string[]): Promise<Map<string, Pod | Node>>;
  /** `event`: recorded once its binding is written (best effort: an event that fails changes no outcome). */
  bind(namespace: string, bindings: { name: string; binding: KubeObject; event?: KubeObject }[]): Promise<BindOutcome[]>;
}

/** The CycleWriter over a Client: one request per binding, all at once, and one per event of a binding written. */
export function clientWriter(client: Client): CycleWriter {
  return {
    read: async (kind, ns, names) => {
      const get = (name: string): Promise<Pod | Node> => (kind === 'pods' ? client.resource<Pod>(PODS).namespace(ns!).get(name) : client.resource<Node>(NODES).get(name));
      const objects = await Promise.all(names.map((name) => getOrUndefined(get(name))));
      return new Map(objects.flatMap((o, i) => (o ? [[names[i]!, o] as const] : [])));
    },
    bind: (ns, bindings) =>
      Promise.all(
        bindings.map(async ({ name, binding, event }): Promise<BindOutcome> => {
          try {
            await client.resource<Pod>(PODS).namespace(ns).bind(name, binding);
          } catch (error) {
            return { ok: false, error };
          }
          if (event) await client.resource(EVENTS).namespace(ns).create(event).catch(() => undefined);
          return { ok: true };
        }),
      ),
  };
}

/**
 * The CycleWriter straight to the stores: a namespace's stale pods in one getMany (the stale nodes in
 * one to the cluster store), its bindings in one bindMany (each its own write with its own result,
 * answered with the pod as stored, so the cache needs no read to confirm it), each binding's Scheduled
 * event created by the store right after it, in the same call.
 */
export function storeWriter(storeOf: (namespace: string) => StoreApi, clusterStore: () => StoreApi, fieldManager: string): CycleWriter {
  return {
    read: async (kind, ns, names) => {
      const results = kind === 'pods' ? await storeOf(ns!).getMany(POD_DEF, names) : await clusterStore().getMany(NODE_DEF, names);
      return foundByName<Pod | Node>(names, results);
    },
    bind: async (ns, bindings) => {
      const results = await storeOf(ns).bindMany(
        POD_DEF,
        bindings.map(({ name, binding, event }) => ({ name, binding, ...(event ? { event: { object: event, fieldManager } } : {}) })),
      );
      return results.map((r): BindOutcome => (r.ok ? { ok: true, pod: r.value as unknown as Pod } : { ok: false, error: statusToError(r.status) }));
    },
  };
}

function pending(pod: Pod, schedulers: Set<string>): boolean {
  const phase = pod.status?.phase;
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed' && schedulers.has(pod.spec?.schedulerName ?? 'default-scheduler');
}

/** The Event the scheduler records about a pod (as kube-scheduler's recorder: reportingComponent, empty source). */
export function schedulerEvent(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, now: number): KubeObject {
  const event = makeEvent(pod, type, reason, message, 'default-scheduler', now) as unknown as KubeObject & { source: Record<string, unknown> };
  event.source = {};
  (event as Record<string, unknown>).reportingComponent = 'default-scheduler';
  return event;
}

async function record(client: Client, pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, now: number): Promise<void> {
  await client.resource(EVENTS).namespace(pod.metadata?.namespace ?? 'default').create(schedulerEvent(pod, type, reason, message, now)).catch(() => undefined);
}

/** What a scheduling decision reads: nodes, pods, disruption budgets and the configuration in force. */
export async function readCluster(client: Client) {
  const [nodes, pods, pdbs, pvcs, pvs, storageClasses, cm] = await Promise.all([
    client.resource<Node>(NODES).list(),
    client.resource<Pod>(PODS).list(),
    client.resource<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS).list(),
    // VolumeBinding needs the claims, volumes and classes: an unbound claim waits for a volume or its provisioner, as upstream
    client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).list(),
    client.resource<PersistentVolume>(PERSISTENT_VOLUMES).list(),
    client.resource<StorageClass>(STORAGE_CLASSES).list(),
    client.resource<ConfigMap>(CONFIG_MAPS).namespace(SCHEDULER_CONFIG_NAMESPACE).get(SCHEDULER_CONFIG_NAME).catch((e) => {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }),
  ]);
  return { nodes, pods, pdbs, pvcs, pvs, storageClasses, config: parseConfigMap(cm).config };
}

/** The API writes of BindPodVolumes: the selected node on claims to provision, claimRefs on volumes to bind. */
async function bindPodVolumes(client: Client, plan: ReturnType<typeof volumeBindingPlan>, node: string): Promise<void> {
  for (const pvc of plan.provision) {
    const m = pvc.metadata!;
    await client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).namespace(m.namespace!).patch(m.name!, 'merge', { metadata: { uid: m.uid!, annotations: { [ANN_SELECTED_NODE]: node } } } as Json);
  }
  for (const { volume, claim } of plan.bind) {
    const c = claim.metadata!;
    const claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: c.namespace, name: c.name, uid: c.uid, resourceVersion: c.resourceVersion };
    const patch = { metadata: { uid: volume.metadata!.uid!, resourceVersion: volume.metadata!.resourceVersion!, annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } }, spec: { claimRef } };
    await client.resource<PersistentVolume>(PERSISTENT_VOLUMES).patch(volume.metadata!.name!, 'merge', patch as unknown as Json);
  }
}

/** The cache's view of one full read. */
function clusterLists(r: Awaited<ReturnType<typeof readCluster>>): ClusterLists {
  return { nodes: r.nodes.items, pods: r.pods.items, pdbs: r.pdbs.items, pvcs: r.pvcs.items, pvs: r.pvs.items, storageClasses: r.storageClasses.items, config: r.config };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function inFlight<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Brings the cache up to date before a cycle: one full list when it has none (or it is due, or the
 * cache was found wrong); otherwise a read of each object a notice marked stale, and a list of the
 * few-object kinds (disruption budgets, volumes, the configuration) a notice touched. A read that
 * fails leaves its object stale for the next cycle, as an informer lags, instead of failing this one;
 * returns false then.
 */
export async function refreshCache(client: Client, c: SchedulerCache, wallNow: number, read: CycleWriter['read'] = clientWriter(client).read): Promise<boolean> {
  if (needsRelist(c, wallNow)) {
    beginRelist(c);
    try {
      finishRelist(c, clusterLists(await readCluster(client)), wallNow);
    } catch (e) {
      abortRelist(c);
      throw e;
    }
    return true;
  }
  let complete = true;
  // a namespace's stale pods in one read, the stale nodes in one (up to OBJECTS_PER_READ each): READS_IN_FLIGHT calls at a time
  const reads = staleReadGroups(c, OBJECTS_PER_READ).map(({ kind, namespace, names }) => async () => {
    const found = await read(kind, namespace, names);
    for (const name of names) applyRead(c, kind, namespace, name, found.get(name));
  });
  await inFlight(reads, READS_IN_FLIGHT, async (readGroup) => {
    try {
      await readGroup();
    } catch {
      complete = false;
    }
  });
  const whole = [...c.dirty];
  await Promise.all(
    whole.map(async (kind) => {
      if (kind === 'pdbs') applyWhole(c, kind, { pdbs: (await client.resource<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS).list()).items });
      if (kind === 'config') applyWhole(c, kind, { config: parseConfigMap(await getOrUndefined(client.resource<ConfigMap>(CONFIG_MAPS).namespace(SCHEDULER_CONFIG_NAMESPACE).get(SCHEDULER_CONFIG_NAME))).config });
      if (kind === 'volumes') {
        const [pvcs, pvs, storageClasses] = await Promise.all([
          client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).list(),
          client.resource<PersistentVolume>(PERSISTENT_VOLUMES).list(),
          client.resource<StorageClass>(STORAGE_CLASSES).list(),
        ]);
        applyWhole(c, kind, { pvcs: pvcs.items, pvs: pvs.items, storageClasses: storageClasses.items });
      }
    }),
  );
  return complete;
}

interface PendingBind {
  key: string;
  pod: Pod;
  node: string;
  binding: KubeObject;
}

/**
 * The binding cycles of the pods this cycle assumed, per namespace in one go: each binding succeeds
 * or fails alone, and one written is followed by its Scheduled event; a failed one is forgotten (404:
 * the pod is gone; 409: bound by someone else, or being deleted — it leaves the queue; anything else:
 * back through backoff).
 */
async function bindAll(binds: PendingBind[], c: SchedulerCache, q: QueueState, state: SchedulerState, writer: CycleWriter, now: () => number): Promise<void> {
  const byNs = new Map<string, PendingBind[]>();
  for (const b of binds) {
    const ns = b.pod.metadata!.namespace!;
    byNs.set(ns, [...(byNs.get(ns) ?? []), b]);
  }
  await Promise.all(
    [...byNs].map(async ([ns, list]) => {
      let outcomes: BindOutcome[];
      try {
        const event = (b: PendingBind) => schedulerEvent(b.pod, 'Normal', 'Scheduled', scheduledMessage(ns, b.pod.metadata!.name!, b.node), now());
        outcomes = await writer.bind(ns, list.map((b) => ({ name: b.pod.metadata!.name!, binding: b.binding, event: event(b) })));
      } catch (error) {
        outcomes = list.map(() => ({ ok: false, error }));
      }
      for (const [i, b] of list.entries()) {
        const o = outcomes[i] ?? { ok: false, error: new Error('no result') };
        if (o.ok) {
          finishBinding(c, b.key, o.pod);
          done(q, b.key);
          delete state.lastFailure?.[b.key];
          continue;
        }
        forgetPod(c, b.key);
        if (o.error instanceof ApiError && (o.error.code === 404 || o.error.code === 409)) done(q, b.key);
        else requeueUnschedulable(q, b.key, now(), []);
      }
    }),
  );
}

/**
 * One scheduler wake-up: bring the cache up to date from the notices since the last cycle, bring the
 * queue up to date with pending pods and cluster changes, then schedule pods one by one (assuming
 * each, so the next pod sees its node's capacity taken) until the queue has nothing ready, and bind
 * the assumed pods. Returns when to wake up next.
 */
export async function runSchedulerCycle(
  client: Client,
  state: SchedulerState,
  now: () => number,
  rand: () => number,
  writer: CycleWriter = clientWriter(client),
  /** Wall time, which the cache's periodic full list counts in (RELIST_MS); cluster time when omitted. */
  wallNow: () => number = now,
): Promise<{ requeueAfterMs?: number }> {
  const c = (state.cache ??= createCache());
  const complete = await refreshCache(client, c, wallNow(), writer.read);
  const config = c.config;
  const q = (state.queue ??= createQueue({ initialBackoffMs: config.podInitialBackoffSeconds * 1000, maxBackoffMs: config.podMaxBackoffSeconds * 1000 }));
  const t = now();
  // pods left in flight by a cycle that threw go back through backoff instead of waiting forever
  for (const key of Object.keys(q.inFlight)) requeueUnschedulable(q, key, t, []);
  for (const ev of takeEvents(c)) onClusterEvent(q, ev, t);

  const schedulers = new Set(config.profiles.keys());
  const waiting = new Map<string, Pod>();
  for (const [key, p] of c.pending) if (pending(p, schedulers)) waiting.set(key, p);
  prune(q, (key) => waiting.has(key));
  const queued = new Set(queuedKeys(q));
  addNew(q, [...waiting].filter(([key]) => !queued.has(key)).map(([, p]) => p), t);

  const snapshot = c.snapshot;
  state.lastFailure ??= {};
  const binds: PendingBind[] = [];
  try {
    for (let n = 0; n < MAX_PODS_PER_CYCLE; n++) {
      const qp = pop(q, now());
      if (!qp) break;
      const pod = waiting.get(qp.key) ?? qp.pod;
      const profile = config.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler')!;
      const result = scheduleOne(pod, snapshot, profile, { rand, startIndex: state.startIndex, percentageOfNodesToScore: config.percentageOfNodesToScore });
      state.startIndex = result.nextStartIndex;
      const ns = pod.metadata!.namespace!;
      const name = pod.metadata!.name!;
      if (result.node && result.binding) {
        const plan = volumeBindingPlan(pod, snapshot, result.node);
        if (plan.waiting) {
          // VolumeBinding's PreBind: claims first; the pod is bound once the PV controller has bound them
          await bindPodVolumes(client, plan, result.node).catch(() => undefined);
          requeueUnschedulable(q, qp.key, now(), ['VolumeBinding']);
          continue;
        }
        assumePod(c, pod, result.node);
        let binding = result.binding as unknown as KubeObject;
        // per-node score annotations grow with the cluster: beyond a small one, ask for a SchedulingExplanation instead.
        // They ride on the Binding, whose annotations the API copies onto the pod (upstream's BindingREST), so it stays one write.
        if (snapshot.nodes.length <= MAX_NODES_FOR_SCORE_ANNOTATIONS) {
          binding = { ...binding, metadata: { ...binding.metadata, annotations: { ...binding.metadata?.annotations, ...explainAnnotations(result, profile) } } };
        }
        binds.push({ key: qp.key, pod, node: result.node, binding });
        continue;
      }
      requeueUnschedulable(q, qp.key, now(), unschedulablePlugins(result));
      const message = result.failureMessage ?? 'no nodes available to schedule pods';
      if (state.lastFailure[qp.key] !== message) {
        state.lastFailure[qp.key] = message;
        await record(client, pod, 'Warning', 'FailedScheduling', message, now());
        // as kube-scheduler's failure handler: the pod says why it waits (kubectl describe, autoscalers)
        await client
          .resource<Pod>(PODS)
          .namespace(ns)
          .patch(name, 'strategic', { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: rfc3339(now()) }] } } as unknown as Json, { subresource: 'status' })
          .catch(() => undefined);
      }
      const nominated = result.postFilter?.nominatedNodeName;
      if (nominated) {
        await client.resource<Pod>(PODS).namespace(ns).patch(name, 'merge', { status: { nominatedNodeName: nominated } }, { subresource: 'status' }).catch(() => undefined);
        for (const victim of result.postFilter?.victims ?? []) {
          await client
            .resource<Pod>(PODS)
            .namespace(victim.metadata!.namespace!)
            .delete(victim.metadata!.name!, { preconditions: { uid: victim.metadata!.uid } })
            .catch(() => undefined);
          await record(client, victim, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata!.uid} on node ${nominated}`, now());
        }
      }
    }
    await bindAll(binds.splice(0), c, q, state, writer, now);
  } finally {
    // a cycle that threw before binding: its assumed pods are forgotten (and read again), their queue entries requeued next cycle
    for (const b of binds) forgetPod(c, b.key);
  }
  for (const key of Object.keys(state.lastFailure)) if (!waiting.has(key)) delete state.lastFailure[key];
  const wake = Math.min(nextWakeUp(q, now()) ?? Infinity, complete ? Infinity : now() + RETRY_READS_MS);
  return Number.isFinite(wake) ? { requeueAfterMs: Math.max(0, wake - now()) } : {};
}
