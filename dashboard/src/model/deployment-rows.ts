import type { Deployment } from 'kubernetes-types/apps/v1';

/** A Deployment's rollout as the dashboard shows it (the columns of `kubectl get deploy` plus progress). */
export interface DeploymentRow {
  namespace: string;
  name: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** The controller has seen the latest spec and every replica is updated and available. */
  complete: boolean;
  /** Progressing=False (deadline exceeded) or ReplicaFailure=True: what went wrong, else undefined. */
  problem?: string;
}

export function deploymentRow(d: Deployment): DeploymentRow {
  const desired = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const updated = s.updatedReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const observed = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  const bad = (s.conditions ?? []).find((c) => (c.type === 'Progressing' && c.status === 'False') || (c.type === 'ReplicaFailure' && c.status === 'True'));
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    desired,
    updated,
    ready: s.readyReplicas ?? 0,
    available,
    complete: observed && updated === desired && available === desired && (s.replicas ?? 0) === desired,
    problem: bad ? `${bad.reason ?? bad.type}: ${bad.message ?? ''}`.trim() : undefined,
  };
}

/** Rows in namespace/name order, optionally for one namespace. */
export function deploymentRows(ds: readonly Deployment[], namespace?: string): DeploymentRow[] {
  return ds
    .filter((d) => !namespace || d.metadata?.namespace === namespace)
    .map(deploymentRow)
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`, 'en', { numeric: true }));
}
