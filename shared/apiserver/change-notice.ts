import type { StoredObject } from '../api/object';
import { resourceKey } from '../api/registry';

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
  deleting?: boolean;
  /** Leases: spec.renewTime, so the node lifecycle controller follows renewals without reading them. */
  renewTime?: string;
}

/** The storage key of coordination.k8s.io Leases, whose notices carry their renewTime. */
export const LEASE_RESOURCE = resourceKey('coordination.k8s.io', 'leases');

export function noticeOf(resource: string, type: ChangeNotice['type'], obj: StoredObject): ChangeNotice {
  const m = obj.metadata;
  const notice: ChangeNotice = { resource, type, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
  if (m.namespace) notice.namespace = m.namespace;
  if (m.ownerReferences?.length) notice.ownerReferences = m.ownerReferences.map(({ apiVersion, kind, name, uid, controller }) => ({ apiVersion, kind, name, uid, controller }));
  if (m.labels) notice.labels = m.labels;
  const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName) notice.nodeName = nodeName;
  if (m.deletionTimestamp) notice.deleting = true;
  const renewTime = resource === LEASE_RESOURCE ? (obj.spec as { renewTime?: unknown } | undefined)?.renewTime : undefined;
  if (typeof renewTime === 'string') notice.renewTime = renewTime;
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
