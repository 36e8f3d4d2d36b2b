import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ConfigMap, Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { volumeBindingPlan } from './plugins/volumes';
import { ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from '../controllers/persistent-volume/annotations';
import { ApiError } from '../api/errors';
import type { Json, KubeObject } from '../api/object';
import type { Client } from '../client';
import { makeEvent } from '../controllers/events';
import {
  addNew,
  assume,
  buildSnapshot,
  createQueue,
  done,
  explainAnnotations,
  forget,
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


const PODS = { group: '', version: 'v1', plural: 'pods' };

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PDBS = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' };
const PVCS = { group: '', version: 'v1', plural: 'persistentvolumeclaims' };
const PVS = { group: '', version: 'v1', plural: 'persistentvolumes' };
const STORAGE_CLASSES = { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses' };
const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps' };
const EVENTS = { group: '', version: 'v1', plural: 'events' };

/** Above this many nodes, pods do not get the per-node score annotations (they would weigh ~0.4 KB per node). */
export const MAX_NODES_FOR_SCORE_ANNOTATIONS = 20;

/** Pods scheduled per cycle at most; the rest wait for the next alarm (armed at once). */
const MAX_PODS_PER_CYCLE = 500;

/** The scheduler's persisted state: its queue, where the next cycle starts, and what it last saw. */
export interface SchedulerState {
  queue?: QueueState;
  startIndex?: number;
  nodeFingerprint?: string;
  /** Claims and volumes as last seen: a change may let pods waiting on VolumeBinding go on. */
  volumeFingerprint?: string;
  boundPods?: string[];
  /** Last FailedScheduling message per pod, so an unchanged failure is not recorded again and again. */
  lastFailure?: Record<string, string>;
}

function pending(pod: Pod, schedulers: Set<string>): boolean {
  const phase = pod.status?.phase;
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed' && schedulers.has(pod.spec?.schedulerName ?? 'default-scheduler');
}

async function record(client: Client, pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, now: number): Promise<void> {
  const event = makeEvent(pod, type, reason, message, 'default-scheduler', now) as unknown as KubeObject & { source: Record<string, unknown> };
  event.source = {};
  (event as Record<string, unknown>).reportingComponent = 'default-scheduler';
  await client.resource(EVENTS).namespace(pod.metadata?.namespace ?? 'default').create(event).catch(() => undefined);
}

/** What a scheduling decision reads: nodes, pods, disruption budgets and the configuration in force. */
export async function readCluster(client: Client) {
  const [nodes, pods, pdbs, pvcs, pvs, storageClasses, cm] = await Promise.all([
    client.resource<Node>(NODES).list(),
    client.resource<Pod>(PODS).list(),
    client.resource<PodDisruptionBudget>(PDBS).list(),
    // VolumeBinding needs the claims, volumes and classes: an unbound claim waits for a volume or its provisioner, as upstream
    client.resource<PersistentVolumeClaim>(PVCS).list(),
    client.resource<PersistentVolume>(PVS).list(),
    client.resource<StorageClass>(STORAGE_CLASSES).list(),
    client.resource<ConfigMap>(CONFIGMAPS).namespace(SCHEDULER_CONFIG_NAMESPACE).get(SCHEDULER_CONFIG_NAME).catch((e) => {
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
    await client.resource<PersistentVolumeClaim>(PVCS).namespace(m.namespace!).patch(m.name!, 'merge', { metadata: { uid: m.uid!, annotations: { [ANN_SELECTED_NODE]: node } } } as Json);
  }
  for (const { volume, claim } of plan.bind) {
    const c = claim.metadata!;
    const claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: c.namespace, name: c.name, uid: c.uid, resourceVersion: c.resourceVersion };
    const patch = { metadata: { uid: volume.metadata!.uid!, resourceVersion: volume.metadata!.resourceVersion!, annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes' } }, spec: { claimRef } };
    await client.resource<PersistentVolume>(PVS).patch(volume.metadata!.name!, 'merge', patch as unknown as Json);
  }
}

/**
 * One scheduler wake-up: refresh the cache from the stores, bring the queue up to date with pending
 * pods and cluster changes, then schedule pods one by one (assuming each so the next cycle sees it)
 * until the queue has nothing ready. Returns when to wake up next.
 */
export async function runSchedulerCycle(client: Client, state: SchedulerState, now: () => number, rand: () => number): Promise<{ requeueAfterMs?: number }> {
  const { nodes, pods, pdbs, pvcs, pvs, storageClasses, config } = await readCluster(client);
  const q = (state.queue ??= createQueue({ initialBackoffMs: config.podInitialBackoffSeconds * 1000, maxBackoffMs: config.podMaxBackoffSeconds * 1000 }));
  const t = now();
  // pods left in flight by a cycle that threw go back through backoff instead of waiting forever
  for (const key of Object.keys(q.inFlight)) requeueUnschedulable(q, key, t, []);

  // cluster events: nodes changed, bound pods went away (unknown after a restart: assume they did, as a restarted kube-scheduler retries every pod)
  const fingerprint = nodes.items.map((n) => `${n.metadata!.name}@${n.metadata!.resourceVersion}`).join(',');
  if (fingerprint !== state.nodeFingerprint) onClusterEvent(q, { resource: 'Node', action: 'Update' }, t);
  state.nodeFingerprint = fingerprint;
  const volumes = [...pvcs.items, ...pvs.items].map((o) => `${o.metadata!.namespace ?? ''}/${o.metadata!.name}@${o.metadata!.resourceVersion}`).join(',');
  if (volumes !== state.volumeFingerprint) onClusterEvent(q, { resource: 'PersistentVolumeClaim', action: 'Update' }, t);
  state.volumeFingerprint = volumes;
  const bound = pods.items.filter((p) => p.spec?.nodeName).map(podKey);
  const boundSet = new Set(bound);
  if (!state.boundPods || state.boundPods.some((k) => !boundSet.has(k))) onClusterEvent(q, { resource: 'AssignedPod', action: 'Delete' }, t);
  state.boundPods = bound;

  const schedulers = new Set(config.profiles.keys());
  const waiting = new Map<string, Pod>();
  for (const p of pods.items) if (pending(p, schedulers)) waiting.set(podKey(p), p);
  prune(q, (key) => waiting.has(key));
  const queued = new Set(queuedKeys(q));
  addNew(q, [...waiting].filter(([key]) => !queued.has(key)).map(([, p]) => p), t);

  const snapshot = buildSnapshot({ nodes: nodes.items, pods: pods.items, podDisruptionBudgets: pdbs.items, persistentVolumeClaims: pvcs.items, persistentVolumes: pvs.items, storageClasses: storageClasses.items });
  state.lastFailure ??= {};
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
      const assumed = assume(snapshot, pod, result.node);
      try {
        // per-node score annotations grow with the cluster: beyond a small one, ask for a SchedulingExplanation instead
        if (nodes.items.length <= MAX_NODES_FOR_SCORE_ANNOTATIONS) {
          await client.resource<Pod>(PODS).namespace(ns).patch(name, 'merge', { metadata: { uid: pod.metadata!.uid!, annotations: explainAnnotations(result, profile) } } as Json);
        }
        await client.resource<Pod>(PODS).namespace(ns).bind(name, result.binding as unknown as KubeObject);
        done(q, qp.key);
        delete state.lastFailure[qp.key];
        await record(client, pod, 'Normal', 'Scheduled', scheduledMessage(ns, name, result.node), now());
      } catch (e) {
        forget(snapshot, assumed);
        if (e instanceof ApiError && (e.code === 404 || e.code === 409)) done(q, qp.key); // gone, or bound by someone else
        else requeueUnschedulable(q, qp.key, now(), []);
      }
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
  for (const key of Object.keys(state.lastFailure)) if (!waiting.has(key)) delete state.lastFailure[key];
  const wake = nextWakeUp(q, now());
  return wake === undefined ? {} : { requeueAfterMs: Math.max(0, wake - now()) };
}
