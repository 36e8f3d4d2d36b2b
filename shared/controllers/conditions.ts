/** The common shape of Deployment and ReplicaSet conditions. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/** The condition of `type`, if present. */
export function getCondition<C extends Condition>(conditions: C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition / SetCondition: no change when status and reason are equal; keep
 * lastTransitionTime when only the reason changes; the new condition goes last.
 */
export function setCondition<C extends Condition>(conditions: C[] | undefined, cond: C): C[] {
  const list = conditions ?? [];
  const current = getCondition(list, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return list;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  return [...list.filter((c) => c.type !== cond.type), next];
}

/** The conditions without `type`. */
export function removeCondition<C extends Condition>(conditions: C[] | undefined, type: string): C[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
