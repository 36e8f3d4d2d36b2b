import { isPlainObject, type StoredObject } from '../api/object';
import { resourceKey } from '../api/registry';
import { deepEqual } from '../validation/field-error';

/**
 * What a store tells subscribed controllers after a commit: the object's key and the few fields
 * controllers route on (owners, node), never the whole object. Controllers read current state
 * themselves when they reconcile (level-triggered), so a lost or repeated notice is harmless.
 */
export interface ChangeNotice {
  /** Storage key of the resource: `pods`, `replicasets.apps`. */
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  labels?: Record<string, string>;
  /** Pods: the node they are bound to. */
  nodeName?: string;
  /**
   * Pods: the status of their Ready condition, when they have one. The node lifecycle controller marks
   * only a pod with a Ready condition not yet False (MarkPodsNotReady), so a pod bound without one (every
   * pod at its binding, before a kubelet reports) costs it no RPC, key or read.
   */
  ready?: string;
  deleting?: boolean;
  /** Leases: spec.renewTime, so the node lifecycle controller follows renewals without reading them. */
  renewTime?: string;
  /**
   * A MODIFIED notice's change, from the object before the commit; absent when unknown (ADDED,
   * DELETED, a notice replayed without its previous object), and a filter then keeps the notice.
   */
  changed?: NoticeChange;
}

/**
 * What one update changed, so a controller's filter can drop writes its reconciler ignores (as
 * upstream's update handlers compare the old and new object before they queue anything).
 */
export interface NoticeChange {
  /**
   * Which parts differ (semantically, as apiequality.Semantic.DeepEqual): each top-level field that
   * differs (`spec`, `status`, `data`…; `metadata` for anything in it but resourceVersion and
   * managedFields), and each of WATCHED_PATHS that differs.
   */
  parts: string[];
  /**
   * Who wrote it, as far as managedFields tell: each entry that is new, gone or whose time moved, named
   * `manager` or `manager/subresource` (only the writer's entry gets the time; a manager that merely lost
   * fields to the writer keeps its time, and is not named). A write whose manager's entry kept its time
   * (within the same second as its last write) shows none, so an empty list means "unknown", never "nobody".
   */
  writers: string[];
  /**
   * True when the only part that changed is `status` and only in its conditions' lastHeartbeatTime: a
   * kubelet's periodic node status report (nodeStatusReportFrequency) that changed nothing else.
   */
  heartbeatOnly?: true;
}

/** The fields whose change a notice names apart from their top-level part. */
export const WATCHED_PATHS = ['spec.nodeName', 'spec.tolerations', 'spec.taints', 'metadata.deletionTimestamp'] as const;

/** metadata fields every write changes (or that say who wrote rather than what): not a change of `metadata`. */
const BOOKKEEPING = new Set(['resourceVersion', 'managedFields']);

/**
 * The owner a notice names as its controller, when it is of `kind` (and `apiVersion`, when given): the
 * workload a pod or a ReplicaSet notice concerns.
 * @example controllerOwner(podNotice, 'ReplicaSet')?.name // 'web-7d9f'
 */
export function controllerOwner(n: ChangeNotice, kind: string, apiVersion?: string): { name: string } | undefined {
  return n.ownerReferences?.find((o) => o.controller && o.kind === kind && (apiVersion === undefined || o.apiVersion === apiVersion));
}

/** Whether a notice's update changed `part` (a top-level field or one of WATCHED_PATHS); true when unknown. */
export function mayHaveChanged(n: ChangeNotice, ...parts: string[]): boolean {
  return !n.changed || parts.some((p) => n.changed!.parts.includes(p));
}

/** The storage key of pods, whose notices carry their node and Ready condition's status. */
const POD_RESOURCE = resourceKey('', 'pods');

/** The storage key of coordination.k8s.io Leases, whose notices carry their renewTime. */
export const LEASE_RESOURCE = resourceKey('coordination.k8s.io', 'leases');

/**
 * The resources whose update notices say what changed: pods and nodes have filters that read it
 * (shared/controllers/pod-update-filters.ts, node-update-filters.ts), and the diff would otherwise cost
 * every Lease renewal a deep compare, thousands a second under a fast clock.
 */
const CHANGE_TRACKED = new Set([POD_RESOURCE, resourceKey('', 'nodes')]);

/**
 * The change from `prev` to `obj`, computed once where the store commits (it has both at hand).
 * @example changeOf(pod, { ...pod, status: newStatus }) // { parts: ['status'], writers: ['kubelet/status'] }
 */
export function changeOf(prev: StoredObject, obj: StoredObject): NoticeChange {
  const parts: string[] = [];
  for (const k of new Set([...Object.keys(prev), ...Object.keys(obj)])) {
    if (k === 'metadata' ? !sameMetadata(prev.metadata, obj.metadata) : !same(prev[k], obj[k])) parts.push(k);
  }
  for (const path of WATCHED_PATHS) {
    const [top, field] = path.split('.') as [string, string];
    if (parts.includes(top) && !same(fieldOf(prev[top], field), fieldOf(obj[top], field))) parts.push(path);
  }
  const change: NoticeChange = { parts, writers: writersOf(prev.metadata.managedFields, obj.metadata.managedFields) };
  if (parts.length === 1 && parts[0] === 'status' && same(withoutHeartbeats(prev.status), withoutHeartbeats(obj.status))) change.heartbeatOnly = true;
  return change;
}

/** The status of a pod status's Ready condition (undefined: none). */
function readyStatusOf(status: unknown): string | undefined {
  if (!isPlainObject(status) || !Array.isArray(status.conditions)) return undefined;
  const ready = status.conditions.find((c) => isPlainObject(c) && c.type === 'Ready') as { status?: unknown } | undefined;
  return ready && typeof ready.status === 'string' ? ready.status : undefined;
}

/** A status with its conditions' lastHeartbeatTime left out (what a node's periodic report changes). */
function withoutHeartbeats(status: unknown): unknown {
  if (!isPlainObject(status) || !Array.isArray(status.conditions)) return status;
  return { ...status, conditions: status.conditions.map((c) => (isPlainObject(c) ? { ...c, lastHeartbeatTime: undefined } : c)) };
}

/** Semantic equality, with the shortcut a write that kept a part of the old object (a status write's spec) takes. */
function same(a: unknown, b: unknown): boolean {
  return a === b || deepEqual(a, b);
}

function fieldOf(v: unknown, field: string): unknown {
  return isPlainObject(v) ? v[field] : undefined;
}

function sameMetadata(a: StoredObject['metadata'], b: StoredObject['metadata']): boolean {
  const [x, y] = [a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>];
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (!BOOKKEEPING.has(k) && !same(x[k], y[k])) return false;
  return true;
}

type Entry = { manager?: string; operation?: string; subresource?: string; time?: string; apiVersion?: string };

/**
 * The managers whose managedFields entries are new, gone or have a new time (an entry is one manager,
 * operation, API version and subresource). Times alone, not the field sets: a set also shrinks when
 * another manager takes a field, and comparing sets cost more than the rest of the change together.
 */
function writersOf(before: Entry[] | undefined, after: Entry[] | undefined): string[] {
  const id = (e: Entry) => `${e.manager ?? ''}\u0000${e.operation ?? ''}\u0000${e.apiVersion ?? ''}\u0000${e.subresource ?? ''}`;
  const name = (e: Entry) => (e.subresource ? `${e.manager ?? ''}/${e.subresource}` : (e.manager ?? ''));
  const old = new Map((before ?? []).map((e) => [id(e), e]));
  const out = new Set<string>();
  for (const e of after ?? []) {
    const o = old.get(id(e));
    if (o?.time !== e.time || !o) out.add(name(e));
    old.delete(id(e));
  }
  for (const e of old.values()) out.add(name(e));
  return [...out];
}

export function noticeOf(resource: string, type: ChangeNotice['type'], obj: StoredObject, prev?: StoredObject | null): ChangeNotice {
  const m = obj.metadata;
  const notice: ChangeNotice = { resource, type, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
  if (m.namespace) notice.namespace = m.namespace;
  if (m.ownerReferences?.length) notice.ownerReferences = m.ownerReferences.map(({ apiVersion, kind, name, uid, controller }) => ({ apiVersion, kind, name, uid, controller }));
  if (m.labels) notice.labels = m.labels;
  const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName) notice.nodeName = nodeName;
  if (m.deletionTimestamp) notice.deleting = true;
  if (resource === POD_RESOURCE) {
    const ready = readyStatusOf(obj.status);
    if (ready !== undefined) notice.ready = ready;
  }
  const renewTime = resource === LEASE_RESOURCE ? (obj.spec as { renewTime?: unknown } | undefined)?.renewTime : undefined;
  if (typeof renewTime === 'string') notice.renewTime = renewTime;
  if (type === 'MODIFIED' && prev && CHANGE_TRACKED.has(resource)) notice.changed = changeOf(prev, obj);
  return notice;
}

/** Which controllers hear about which resources (`*`: every resource). Adding a controller is one line per resource it watches. */
export type Subscriptions = Record<string, string[]>;

/** Groups notices per subscribed controller, preserving commit order. */
export function routeNotices(
  notices: ChangeNotice[],
  subscriptions: Subscriptions,
  wants: (controller: string, n: ChangeNotice) => boolean = () => true,
): Map<string, ChangeNotice[]> {
  const out = new Map<string, ChangeNotice[]>();
  for (const n of notices) {
    for (const controller of [...(subscriptions[n.resource] ?? []), ...(subscriptions['*'] ?? [])]) {
      if (!wants(controller, n)) continue;
      const list = out.get(controller) ?? [];
      list.push(n);
      out.set(controller, list);
    }
  }
  return out;
}
