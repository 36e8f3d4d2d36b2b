// Upstream's stateful_set_control_test.go setup (newStatefulSet with a volume claim template) and a small cluster
// that applies the reconciler's actions as the API server would, with helpers to run pods as the kubelet does.
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { formatTime, type Action } from '../../../../shared/controllers';
import { reconcileStatefulSet, type StatefulSetResult } from '../../../../shared/controllers/statefulset';

export const T0 = Date.UTC(2024, 0, 1);

/** newStatefulSet(replicas): selector foo=bar, a `datadir` claim template and a `home` host-path volume. */
export function newStatefulSet(replicas: number, patch: (s: any) => void = () => {}): StatefulSet {
  const set: any = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'foo', namespace: 'default', uid: 'test', generation: 1, resourceVersion: '1', creationTimestamp: formatTime(T0) },
    spec: {
      replicas,
      serviceName: 'governingsvc',
      selector: { matchLabels: { foo: 'bar' } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 2,
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'datadir', mountPath: '/tmp/' }, { name: 'home', mountPath: '/home' }] }], volumes: [{ name: 'home', hostPath: { path: '/tmp/home' } }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'datadir' }, spec: { resources: { requests: { storage: '1' } } } }],
    },
    status: {},
  };
  patch(set);
  return set;
}

export class StsCluster {
  now = T0;
  pods: Pod[] = [];
  claims: PersistentVolumeClaim[] = [];
  revisions: ControllerRevision[] = [];
  /** Pod creates and deletes in the order they happened. */
  log: string[] = [];
  private seq = 0;
  constructor(public set: StatefulSet) {}

  sync(): StatefulSetResult {
    const r = reconcileStatefulSet({ set: this.set, pods: this.pods, claims: this.claims, revisions: this.revisions, now: this.now });
    for (const a of r.actions) this.apply(a);
    return r;
  }

  private apply(a: Action): void {
    const list = (plural: string): any[] => (plural === 'pods' ? this.pods : plural === 'persistentvolumeclaims' ? this.claims : this.revisions);
    const set = (plural: string, v: any[]) => {
      if (plural === 'pods') this.pods = v;
      else if (plural === 'persistentvolumeclaims') this.claims = v;
      else this.revisions = v;
    };
    if (a.kind === 'create') {
      const o: any = structuredClone(a.object);
      o.metadata.uid = `uid-${++this.seq}`;
      o.metadata.creationTimestamp = formatTime(this.now);
      o.metadata.resourceVersion = String(this.seq);
      if (a.resource.plural === 'pods') {
        o.status = { phase: 'Pending' };
        this.log.push(`create ${o.metadata.name}`);
      }
      if (a.resource.plural === 'persistentvolumeclaims') o.status = { phase: 'Pending' };
      list(a.resource.plural).push(o);
    } else if (a.kind === 'delete') {
      if (a.resource.plural === 'pods') this.log.push(`delete ${a.name}`);
      set(a.resource.plural, list(a.resource.plural).filter((o) => o.metadata.name !== a.name));
    } else if (a.kind === 'update') {
      const o: any = structuredClone(a.object);
      set(a.resource.plural, list(a.resource.plural).map((x) => (x.metadata.name === o.metadata.name ? o : x)));
    } else if (a.kind === 'updateStatus') {
      this.set = { ...this.set, status: structuredClone((a.object as any).status) };
    }
  }

  /** The kubelet: pods Running and Ready (all, or those named). */
  runAndReady(...names: string[]): void {
    for (const p of this.pods) {
      if (names.length && !names.includes(p.metadata!.name!)) continue;
      (p as any).status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: formatTime(this.now) }] };
    }
  }

  /** Sync, making every new pod Running and Ready, until nothing changes (scaleUpStatefulSetControl). */
  converge(max = 50): void {
    for (let i = 0; i < max; i++) {
      const r = this.sync();
      this.runAndReady();
      if (!r.actions.some((a) => a.kind !== 'event')) return;
    }
    throw new Error('did not converge');
  }

  edit(fn: (s: any) => void): void {
    const s: any = structuredClone(this.set);
    fn(s);
    s.metadata.generation++;
    this.set = s;
  }

  names(): string[] {
    return this.pods.map((p) => p.metadata!.name!).sort();
  }
}
