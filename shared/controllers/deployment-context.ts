import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Action } from './actions';
import { DEPLOYMENTS, REPLICA_SETS } from './actions';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './deployment-annotations';
import { COMPONENTS, eventAction } from './events';
import { asKube } from './object-like';
import { maxSurge, replicasOf } from './rollout-math';
import { parseTime } from './time';

/**
 * The working state of one Deployment sync. Upstream issues API writes as it goes and continues with
 * the returned objects; here writes mutate working copies and become actions at the end, one per object.
 */
export class DeploymentSync {
  readonly d: Deployment;
  readonly original: Deployment;
  readonly now: number;
  /** Working copies of the ReplicaSets this deployment controls. */
  rss: ReplicaSet[];
  readonly prelude: Action[] = [];
  private readonly created = new Set<ReplicaSet>();
  private readonly touched: ReplicaSet[] = [];
  private readonly deletes: Action[] = [];
  private readonly events: Action[] = [];
  revisionChanged = false;
  requeueAfterMs: number | undefined;

  constructor(d: Deployment, rss: ReplicaSet[], now: number) {
    this.original = d;
    this.d = structuredClone(d);
    this.d.status ??= {};
    this.rss = rss.map((rs) => structuredClone(rs));
    this.now = now;
  }

  /** Record a create of `rs` (already part of the working set). */
  create(rs: ReplicaSet): void {
    this.created.add(rs);
    this.rss.push(rs);
  }

  /** Mark `rs` as changed: it is written once at the end. */
  touch(rs: ReplicaSet): void {
    if (!this.created.has(rs) && !this.touched.includes(rs)) this.touched.push(rs);
  }

  /** Delete an old ReplicaSet (history cleanup). */
  delete(rs: ReplicaSet): void {
    const meta = rs.metadata ?? {};
    this.deletes.push({ kind: 'delete', resource: REPLICA_SETS, namespace: meta.namespace ?? '', name: meta.name ?? '', preconditions: { uid: meta.uid } });
  }

  /** Record an event about the deployment. */
  event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push(eventAction(this.d, type, reason, message, COMPONENTS.deployment, this.now, this.events.length));
  }

  /** Ask to be synced again after `ms` (the earliest request wins). */
  requeue(ms: number): void {
    this.requeueAfterMs = this.requeueAfterMs === undefined ? ms : Math.min(this.requeueAfterMs, ms);
  }

  /**
   * scaleReplicaSet: set spec.replicas and the replicas annotations; an event when the size changes.
   * Returns true when the size changed.
   */
  scaleReplicaSet(rs: ReplicaSet, newScale: number): boolean {
    const replicas = replicasOf(this.d);
    const max = replicas + maxSurge(this.d);
    const oldScale = replicasOf(rs);
    const sizeChanged = oldScale !== newScale;
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicas, max)) return false;
    rs.spec = { ...(rs.spec as NonNullable<ReplicaSet['spec']>), replicas: newScale };
    setReplicasAnnotations(rs, replicas, max);
    this.touch(rs);
    if (sizeChanged) this.event('Normal', 'ScalingReplicaSet', `Scaled ${oldScale < newScale ? 'up' : 'down'} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`);
    return sizeChanged;
  }

  /** scaleReplicaSetAndRecordEvent: no-op when the size is already right. */
  scaleAndRecord(rs: ReplicaSet, newScale: number): boolean {
    if (replicasOf(rs) === newScale) return false;
    return this.scaleReplicaSet(rs, newScale);
  }

  /** Creation time of a ReplicaSet; one created in this sync is the newest. */
  createdAt(rs: ReplicaSet): number {
    return this.created.has(rs) ? this.now : (parseTime(rs.metadata?.creationTimestamp) ?? 0);
  }

  /** controller.ReplicaSetsByCreationTimestamp: oldest first, then by name. */
  byCreation = (a: ReplicaSet, b: ReplicaSet): number =>
    this.createdAt(a) - this.createdAt(b) || ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0);

  /** All actions, in the order the adapter must run them. */
  actions(): Action[] {
    const out: Action[] = [...this.prelude];
    for (const rs of this.rss) {
      if (this.created.has(rs)) out.push({ kind: 'create', resource: REPLICA_SETS, namespace: rs.metadata?.namespace ?? '', object: asKube(rs) });
    }
    for (const rs of this.touched) out.push({ kind: 'update', resource: REPLICA_SETS, namespace: rs.metadata?.namespace ?? '', object: asKube(rs) });
    out.push(...this.deletes);
    const meta = this.d.metadata ?? {};
    if (this.revisionChanged) {
      out.push({
        kind: 'patch',
        resource: DEPLOYMENTS,
        namespace: meta.namespace ?? '',
        name: meta.name ?? '',
        patchType: 'application/merge-patch+json',
        patch: { metadata: { uid: meta.uid, annotations: { ...meta.annotations } } },
      });
    }
    if (JSON.stringify(this.d.status) !== JSON.stringify(this.original.status ?? {})) {
      // Unconditional (no resourceVersion): the controller is the only status writer, and the
      // annotation patch above would otherwise make this write conflict with itself.
      const { resourceVersion: _rv, ...metadata } = this.d.metadata ?? {};
      const obj: Deployment = { ...structuredClone(this.d), metadata };
      out.push({ kind: 'updateStatus', resource: DEPLOYMENTS, namespace: meta.namespace ?? '', object: asKube(obj) });
    }
    out.push(...this.events);
    return out;
  }
}
