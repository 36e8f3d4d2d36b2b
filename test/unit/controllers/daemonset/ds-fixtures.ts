// Upstream's daemon_controller_test.go fixtures (newDaemonSet, newNode, addNodes, addPods) and a tiny cluster that
// applies the reconciler's actions the way the API server would, so multi-sync scenarios read like upstream's.
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { computeHash, formatTime, type Action } from '../../../../shared/controllers';
import { reconcileDaemonSet, type BackoffEntries, type DaemonSetResult } from '../../../../shared/controllers/daemonset';

export const SIMPLE_DS_LABEL = { name: 'simple-daemon', type: 'production' };
export const SIMPLE_DS_LABEL2 = { name: 'simple-daemon', type: 'test' };
export const SIMPLE_NODE_LABEL = { color: 'blue', speed: 'fast' };
export const T0 = Date.UTC(2024, 0, 1);

export function newDaemonSet(name = 'foo', patch: (ds: any) => void = () => {}): DaemonSet {
  const ds: any = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, resourceVersion: '1', creationTimestamp: formatTime(T0) },
    spec: {
      selector: { matchLabels: { ...SIMPLE_DS_LABEL } },
      updateStrategy: { type: 'OnDelete' },
      revisionHistoryLimit: 2,
      template: { metadata: { labels: { ...SIMPLE_DS_LABEL } }, spec: { containers: [{ name: 'foo', image: 'foo/bar' }] } },
    },
    status: {},
  };
  patch(ds);
  return ds;
}

export function newNode(name: string, labels?: Record<string, string>, patch: (n: any) => void = () => {}): Node {
  const n: any = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { ...(labels ?? {}) } },
    status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { pods: '100' } },
  };
  patch(n);
  return n;
}

export function addNodes(start: number, count: number, labels?: Record<string, string>): Node[] {
  return Array.from({ length: count }, (_, i) => newNode(`node-${start + i}`, labels));
}

let podSeq = 0;
/** A pod of `ds` on `node` with `labels` (upstream's newPod: bound, phase unset unless given). */
export function newPod(namePrefix: string, node: string, labels: Record<string, string>, ds?: DaemonSet, patch: (p: any) => void = () => {}): Pod {
  const p: any = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${namePrefix}${++podSeq}`,
      namespace: 'default',
      uid: `pod-uid-${podSeq}`,
      // upstream's newPod labels a DaemonSet's pods with its current hash
      labels: ds ? { ...labels, 'controller-revision-hash': computeHash(ds.spec!.template, ds.status?.collisionCount) } : { ...labels },
      creationTimestamp: formatTime(T0),
      ...(ds ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata!.name, uid: ds.metadata!.uid, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: { nodeName: node, containers: [{ name: 'foo', image: 'foo/bar' }] },
    status: {},
  };
  patch(p);
  return p;
}

export function addPods(node: string, labels: Record<string, string>, ds: DaemonSet | undefined, n: number, patch?: (p: any) => void): Pod[] {
  return Array.from({ length: n }, () => newPod(`${node}-`, node, labels, ds, patch));
}

export const creates = (r: DaemonSetResult, plural = 'pods') => r.actions.filter((a) => a.kind === 'create' && a.resource.plural === plural);
export const deletes = (r: DaemonSetResult, plural = 'pods') => r.actions.filter((a) => a.kind === 'delete' && a.resource.plural === plural);
export const events = (r: DaemonSetResult) => r.actions.filter((a) => a.kind === 'event' && !['SuccessfulCreate', 'SuccessfulDelete'].includes((a as any).event.reason));

/** expectSyncDaemonSets: the numbers of pod creates, pod deletes and (other) events of one sync. */
export function counts(r: DaemonSetResult): [number, number, number] {
  return [creates(r).length, deletes(r).length, events(r).length];
}

export function markReady(p: Pod, since = T0 - 60_000): void {
  (p as any).status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: formatTime(since) }] };
}

/** A cluster holding one DaemonSet's world; `sync` reconciles and applies the actions as the API would. */
export class DsCluster {
  now = T0;
  pods: Pod[] = [];
  revisions: ControllerRevision[] = [];
  backoff: BackoffEntries = {};
  private seq = 0;
  constructor(public ds: DaemonSet, public nodes: Node[]) {}

  sync(): DaemonSetResult {
    const r = reconcileDaemonSet({ ds: this.ds, nodes: this.nodes, pods: this.pods, revisions: this.revisions, now: this.now, backoff: this.backoff });
    this.backoff = r.backoff;
    for (const a of r.actions) this.apply(a);
    return r;
  }

  private apply(a: Action): void {
    if (a.kind === 'create') {
      const o: any = structuredClone(a.object);
      o.metadata.name ??= `${o.metadata.generateName}${(++this.seq).toString().padStart(5, '0')}`;
      o.metadata.uid = `c-uid-${++this.seq}`;
      o.metadata.creationTimestamp = formatTime(this.now);
      o.metadata.resourceVersion = String(this.seq);
      if (a.resource.plural === 'pods') {
        o.status = { phase: 'Pending' };
        this.pods.push(o);
      } else this.revisions.push(o);
    } else if (a.kind === 'delete') {
      if (a.resource.plural === 'pods') this.pods = this.pods.filter((p) => p.metadata!.name !== a.name);
      else this.revisions = this.revisions.filter((r) => r.metadata!.name !== a.name);
    } else if (a.kind === 'update') {
      const o: any = structuredClone(a.object);
      this.revisions = this.revisions.map((r) => (r.metadata!.name === o.metadata.name ? o : r));
    } else if (a.kind === 'updateStatus') {
      this.ds = { ...this.ds, status: structuredClone((a.object as any).status) };
    } else if (a.kind === 'patch' && a.resource.plural === 'pods') {
      const labels = (a.patch as any).metadata?.labels;
      const refs = (a.patch as any).metadata?.ownerReferences;
      this.pods = this.pods.map((p) => (p.metadata!.name === a.name ? { ...p, metadata: { ...p.metadata, ...(labels ? { labels: { ...p.metadata!.labels, ...labels } } : {}), ...(refs ? { ownerReferences: refs } : {}) } } : p));
    }
  }

  /** The scheduler and kubelet: bind each pod to its affinity's node and make it Running and Ready. */
  runAll(): void {
    for (const p of this.pods) {
      const node = (p.spec as any).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
      if (!p.spec!.nodeName && node) p.spec!.nodeName = node;
      if (!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) markReady(p, this.now);
    }
  }

  /** Change the template as an update through the API would (generation bump). */
  setImage(image: string): void {
    const ds: any = structuredClone(this.ds);
    ds.spec.template.spec.containers[0].image = image;
    ds.metadata.generation += 1;
    this.ds = ds;
  }
}
