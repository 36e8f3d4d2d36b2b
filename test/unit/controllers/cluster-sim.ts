import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import {
  eventAfterCreate,
  formatTime,
  reconcileDeployment,
  reconcileReplicaSet,
  type Action,
  type Expectations,
} from '../../../shared/controllers';

type Obj = { apiVersion?: string; kind?: string; metadata?: any; spec?: any; status?: any };

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** A tiny in-memory cluster applying controller actions the way the API server would. */
export class ClusterSim {
  now = Date.UTC(2024, 0, 1);
  objects = new Map<string, Obj>();
  events: Event[] = [];
  expectations: Expectations = {};
  private seq = 0;

  private key(plural: string, ns: string, name: string): string {
    return `${plural}/${ns}/${name}`;
  }

  list<T>(plural: string): T[] {
    return [...this.objects.entries()].filter(([k]) => k.startsWith(`${plural}/`)).map(([, v]) => v as T);
  }

  get deployments(): Deployment[] { return this.list('deployments'); }
  get replicaSets(): ReplicaSet[] { return this.list('replicasets'); }
  get pods(): Pod[] { return this.list('pods'); }

  add(plural: string, obj: Obj): Obj {
    const meta = obj.metadata;
    if (!meta.name) meta.name = `${meta.generateName}${(this.seq + 1).toString(36).padStart(5, 'x')}`;
    meta.uid ??= `uid-${++this.seq}`;
    meta.resourceVersion = String(++this.seq);
    meta.creationTimestamp ??= formatTime(this.now);
    meta.generation ??= 1;
    meta.namespace ??= 'default';
    this.objects.set(this.key(plural, meta.namespace, meta.name), obj);
    return obj;
  }

  /** Replace the spec (bumping generation like the API does) of a stored object. */
  edit(plural: string, name: string, fn: (o: any) => void): void {
    const o = this.objects.get(this.key(plural, 'default', name)) as any;
    const before = JSON.stringify(o.spec);
    fn(o);
    if (JSON.stringify(o.spec) !== before) o.metadata.generation++;
    o.metadata.resourceVersion = String(++this.seq);
  }

  apply(actions: Action[]): void {
    for (const a of actions) {
      if (a.kind === 'event') { this.events.push(a.event); continue; }
      const plural = a.resource.plural;
      if (a.kind === 'create') {
        const created = this.add(plural, structuredClone(a.object) as Obj);
        const ev = eventAfterCreate(a, created.metadata.name);
        if (ev) this.events.push(ev.event);
      } else if (a.kind === 'update' || a.kind === 'updateStatus') {
        const meta = (a.object as Obj).metadata;
        const k = this.key(plural, meta.namespace, meta.name);
        const cur = this.objects.get(k) as any;
        if (!cur) throw new Error(`not found ${k}`);
        if (meta.resourceVersion && meta.resourceVersion !== cur.metadata.resourceVersion) throw new Error(`conflict ${k}`);
        const next = structuredClone(a.object) as any;
        if (a.kind === 'updateStatus') {
          cur.status = next.status;
          cur.metadata.annotations = next.metadata.annotations;
        } else {
          if (JSON.stringify(next.spec) !== JSON.stringify(cur.spec)) next.metadata.generation = cur.metadata.generation + 1;
          next.status = cur.status;
          this.objects.set(k, next);
        }
        (this.objects.get(k) as any).metadata.resourceVersion = String(++this.seq);
      } else if (a.kind === 'patch') {
        const k = this.key(plural, a.namespace, a.name);
        const cur = this.objects.get(k) as any;
        const { uid, resourceVersion, ...rest } = (a.patch as any).metadata ?? {};
        if (uid && uid !== cur.metadata.uid) throw new Error('uid precondition');
        if (resourceVersion && resourceVersion !== cur.metadata.resourceVersion) throw new Error(`conflict ${k}`);
        const next = mergePatch(cur, { ...(a.patch as any), metadata: rest });
        next.metadata.resourceVersion = String(++this.seq);
        this.objects.set(k, next);
      } else if (a.kind === 'delete') {
        this.objects.delete(this.key(plural, a.namespace, a.name));
      }
    }
  }

  /**
   * The Deployment controller passes the ReplicaSets of its notice-fed view as they are (the view's own
   * copies), so the reconciler must never change them: it gets deep-frozen copies here, and a write to
   * one throws.
   */
  reconcileDeployments(): void {
    for (const d of this.deployments) {
      const replicaSets = this.replicaSets.map((rs) => deepFreeze(structuredClone(rs)));
      this.apply(reconcileDeployment({ deployment: d, replicaSets, pods: this.pods, now: this.now }).actions);
    }
  }

  reconcileReplicaSets(): void {
    for (const rs of this.replicaSets) {
      const r = reconcileReplicaSet({ rs, pods: this.pods, now: this.now, expectations: this.expectations, replicaSets: this.replicaSets });
      this.expectations = r.expectations;
      this.apply(r.actions);
    }
  }

  /** The kubelet: every pending pod starts and becomes Ready now (or only `limit` of them). */
  startPods(limit = Infinity): void {
    let n = 0;
    for (const p of this.pods) {
      if (p.status?.phase === 'Running' || n >= limit) continue;
      n++;
      (p as any).spec.nodeName = 'node-1';
      (p as any).status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: formatTime(this.now) }] };
    }
  }

  tick(ms = 1000): void {
    this.now += ms;
  }
}

/** A Deployment as the API would store it after defaulting. */
export function deployment(name: string, replicas: number, image: string, extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...extra,
    },
  };
}
