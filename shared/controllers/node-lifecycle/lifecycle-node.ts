import type { Node } from 'kubernetes-types/core/v1';
import { LABEL_EXCLUDE_DISRUPTION } from './config';

/** The labels the lifecycle passes read: the zone key's four (zoneKey) and the disruption exclusion. */
const LIFECYCLE_LABELS = [
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  LABEL_EXCLUDE_DISRUPTION,
] as const;

/**
 * A node cut down to what the node lifecycle passes read, for the host's snapshot of every node
 * (at 5,000 nodes whole Nodes held there were ~5 KiB each, mostly images, nodeInfo, addresses,
 * capacity and managedFields, none of which a decision reads):
 * - metadata name, uid, resourceVersion (the taint patch's preconditions, the events' reference),
 *   creationTimestamp (the never-posted grace) and the labels above;
 * - spec.taints and spec.unschedulable (both tainting passes);
 * - status.conditions, whole (the health verdict rewrites the list, the NoSchedule pass maps each).
 * A status write cannot be built from it (UpdateStatus replaces the whole status): the host writes
 * the new conditions onto the node read afresh.
 * @example zoneKey(lifecycleNode(n)) === zoneKey(n)
 */
export function lifecycleNode(node: Node): Node {
  const m = node.metadata ?? {};
  const labels: Record<string, string> = {};
  for (const key of LIFECYCLE_LABELS) if (m.labels && Object.hasOwn(m.labels, key)) labels[key] = m.labels[key]!;
  const spec: NonNullable<Node['spec']> = {};
  if (node.spec?.taints !== undefined) spec.taints = node.spec.taints;
  if (node.spec?.unschedulable !== undefined) spec.unschedulable = node.spec.unschedulable;
  return {
    metadata: { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp, labels },
    spec,
    status: node.status?.conditions !== undefined ? { conditions: node.status.conditions } : {},
  };
}
