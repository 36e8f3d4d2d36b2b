import { expect } from 'vitest';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1';
import type { Action, PatchAction, UpdateAction } from '../../../../shared/controllers/actions';
import { nodeLifecycleConfig, type NodeLifecycleConfig } from '../../../../shared/controllers/node-lifecycle/config';
import { recordStore, type EntryStore } from '../../../../shared/controllers/node-lifecycle/entry-store';
import { lifecycleNode } from '../../../../shared/controllers/node-lifecycle/lifecycle-node';
import { statusUpdateOnto } from '../../../../shared/controllers/node-lifecycle/node-actions';
import type { NodeLifecycleStores, ZoneRecord } from '../../../../shared/controllers/node-lifecycle/lifecycle-stores';
import { markPodsNotReady } from '../../../../shared/controllers/node-lifecycle/mark-pods-not-ready';
import { monitorNodeHealth, noExecuteTaintingPass, setPodsNotReadyRetry } from '../../../../shared/controllers/node-lifecycle/monitor-node-health';
import type { NodeHealthData } from '../../../../shared/controllers/node-lifecycle/node-health';
import type { TimedValue } from '../../../../shared/controllers/node-lifecycle/rate-limited-queue';
import { formatTime } from '../../../../shared/controllers/time';

/** metav1.Date(...) in ms. */
export const date = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);
export const t = (ms: number) => formatTime(ms);
export const ZONE1 = 'region1:\0:zone1';

/** upstream's test constants: 50 s / 60 s grace, eviction qps 100000, large cluster 20, threshold 0.55. */
export const TEST_CONFIG: NodeLifecycleConfig = nodeLifecycleConfig({ evictionLimiterQps: 100000, secondaryEvictionLimiterQps: 100000, largeClusterThreshold: 20 });

export function readyCond(status: string, heartbeat: number, transition = heartbeat): NodeCondition {
  return { type: 'Ready', status, lastHeartbeatTime: t(heartbeat), lastTransitionTime: t(transition) };
}

export function node(name: string, created: number, conditions?: NodeCondition[], labels?: Record<string, string>): Node {
  return { metadata: { name, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: t(created), labels }, spec: {}, status: conditions ? { conditions } : {} };
}

/** region1/zoneN labels, both the topology and the failure-domain.beta ones, as upstream's tests set. */
export const zoneLabels = (zone = 'zone1', region = 'region1') => ({
  'topology.kubernetes.io/region': region,
  'topology.kubernetes.io/zone': zone,
  'failure-domain.beta.kubernetes.io/region': region,
  'failure-domain.beta.kubernetes.io/zone': zone,
});

/** testutil.NewPod: default/<name> on <host>, Ready=True. */
export function newPod(name: string, host: string): Pod {
  return { metadata: { namespace: 'default', name, uid: `uid-${name}`, resourceVersion: '1' }, spec: { nodeName: host, containers: [] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

export function lease(nodeName: string, renew: number): Lease {
  return { metadata: { name: nodeName, namespace: 'kube-node-lease' }, spec: { holderIdentity: nodeName, renewTime: new Date(renew).toISOString().replace('Z', '000Z') } };
}

/**
 * The node as the API server would hold it: what a kubelet and the API server add beside the fields
 * the lifecycle passes read (lifecycleNode drops them), so every table below runs on both.
 */
export function wholeNode(n: Node): Node {
  const name = n.metadata?.name ?? '';
  return {
    ...n,
    metadata: {
      ...n.metadata,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...n.metadata?.labels },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } }],
    },
    spec: { podCIDR: '10.244.0.0/24', ...n.spec },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '10.0.0.10' }, { type: 'Hostname', address: name }],
      nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1', osImage: 'sim', containerRuntimeVersion: 'sim://1', kubeletVersion: 'v1.32.0', kubeProxyVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' },
      images: [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320_000 }],
      ...n.status,
    },
  };
}

const copyStore = <T>(s: EntryStore<T>) => recordStore<T>(Object.fromEntries([...s.scan()].map(([k, v]) => [k, structuredClone(v)])));
const copyStores = (s: NodeLifecycleStores): NodeLifecycleStores => ({ health: copyStore(s.health), zones: copyStore(s.zones), queue: copyStore(s.queue) });
const rows = (s: NodeLifecycleStores) => ({ health: [...s.health.scan()], zones: [...s.zones.scan()], queue: [...s.queue.scan()] });

/**
 * A fake cluster in the role of upstream's FakeNodeHandler: the controller's passes run against
 * it and their actions are applied to it, so a test reads nodes and pods afterwards.
 */
export class FakeCluster {
  nodes: Node[];
  pods: Pod[];
  leases: Record<string, Lease | undefined> = {};
  readonly stores: NodeLifecycleStores = {
    health: recordStore<NodeHealthData>(),
    zones: recordStore<ZoneRecord>(),
    queue: recordStore<TimedValue>(),
  };
  nodeStatusUpdates: UpdateAction[] = [];
  podStatusUpdates = 0;
  events: Action[] = [];
  /** Return true to fail the n-th pod status update (1-based), as upstream's update reactor. */
  failPodUpdate: (n: number) => boolean = () => false;
  failPodList: (n: number) => boolean = () => false;
  private podLists = 0;
  zoneStates: Record<string, string> = {};

  constructor(nodes: Node[], pods: Pod[] = [], readonly config = TEST_CONFIG) {
    this.nodes = nodes;
    this.pods = pods;
  }

  get(name: string): Node {
    const n = this.nodes.find((x) => x.metadata?.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  setStatus(name: string, conditions: NodeCondition[]): void {
    this.nodes = this.nodes.map((n) => (n.metadata?.name === name ? { ...n, status: { conditions } } : n));
  }

  taints(name: string): Taint[] {
    return this.get(name).spec?.taints ?? [];
  }

  /**
   * One monitorNodeHealth pass at `now`, with the host's pod marking. It runs as the host runs it, on
   * lifecycleNode's cut-down nodes with status writes laid onto the whole node (statusUpdateOnto),
   * and checks that this decides exactly what the pass decides on whole nodes.
   */
  monitor(now: number) {
    const whole = this.nodes.map(wholeNode);
    const shadow = copyStores(this.stores);
    const expected = monitorNodeHealth({ nodes: whole, leases: this.leases, stores: shadow, now, config: this.config });
    const r = monitorNodeHealth({ nodes: whole.map(lifecycleNode), leases: this.leases, stores: this.stores, now, config: this.config });
    r.actions = r.actions.map((a) => (a.kind === 'updateStatus' ? statusUpdateOnto(a, whole.find((n) => n.metadata?.name === a.object.metadata?.name)!) : a));
    expect(r).toEqual(expected);
    expect(rows(this.stores)).toEqual(rows(shadow));
    for (const a of r.actions) this.apply(a);
    for (const name of r.markPodsNotReady) {
      if (this.failPodList(++this.podLists)) {
        setPodsNotReadyRetry(this.stores, name, true);
        continue;
      }
      const plan = markPodsNotReady(this.pods.filter((p) => p.spec?.nodeName === name), name, now);
      let failed = false;
      for (const p of plan.updates) {
        this.podStatusUpdates++;
        if (this.failPodUpdate(this.podStatusUpdates)) failed = true;
        else this.pods[this.pods.findIndex((x) => x.metadata?.name === p.metadata?.name)] = p;
      }
      setPodsNotReadyRetry(this.stores, name, failed);
    }
    this.zoneStates = r.zoneStates;
    return r;
  }

  /** doNoExecuteTaintingPass at `now`, repeated at each wake-up within the next second (upstream polls every 100 ms). */
  taintingPass(now: number): void {
    for (let at: number | undefined = now, i = 0; at !== undefined && at <= now + 1000 && i < 100; i++) {
      const whole = this.nodes.map(wholeNode);
      const shadow = copyStores(this.stores);
      const expected = noExecuteTaintingPass(whole, shadow, at);
      const r = noExecuteTaintingPass(whole.map(lifecycleNode), this.stores, at);
      expect(r).toEqual(expected);
      expect(rows(this.stores)).toEqual(rows(shadow));
      for (const p of r.patches) this.apply(p.action);
      at = r.nextTryAt;
    }
  }

  private apply(a: Action): void {
    if (a.kind === 'event') this.events.push(a);
    else if (a.kind === 'updateStatus' && a.resource.plural === 'nodes') {
      this.nodeStatusUpdates.push(a);
      const obj = a.object as unknown as Node;
      // the tables read back only what the passes write: the conditions
      this.nodes = this.nodes.map((n) => (n.metadata?.name === obj.metadata?.name ? { ...n, status: { conditions: obj.status?.conditions } } : n));
    } else if (a.kind === 'patch' && a.resource.plural === 'nodes') {
      const taints = (a as PatchAction & { patch: { spec: { taints: Taint[] } } }).patch.spec.taints;
      this.nodes = this.nodes.map((n) => (n.metadata?.name === a.name ? { ...n, spec: { ...n.spec, taints } } : n));
    } else throw new Error(`unexpected action ${a.kind}`);
  }
}
