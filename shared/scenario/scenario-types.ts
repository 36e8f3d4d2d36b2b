/**
 * A scenario: a rehearsal scripted as data. Objects are created first and left to settle; then cluster
 * time t = 0 starts at the scenario's speed and each step runs when cluster time reaches its `at`.
 * Times are cluster times (the ClusterClock's), written as Go durations ("90s", "10m", "1h30m").
 */
export interface Scenario {
  name: string;
  description?: string;
  /** Cluster seconds per wall second while it runs (default 60). */
  speed: number;
  /** How long it runs, in cluster ms from t = 0. */
  durationMs: number;
  /** The namespace namespaced objects without one go to (default: the scenario's name). */
  namespace: string;
  /** Manifests created (server-side applied) before t = 0. */
  objects: Manifest[];
  /** In `at` order. */
  steps: Step[];
}

/** A Kubernetes object as written in the file. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** What a step does; exactly one per step. */
export type Action =
  /** The workload's requests per second from then on (a WorkloadProfile's spec.load.requestsPerSecond). */
  | { load: { profile: string; requestsPerSecond: number } }
  /** Every node of `zone` in `pool` stops renewing its Lease and posting status (NodePool nodeFaults stopHeartbeat). */
  | { failZone: { pool: string; zone: string } }
  /** Those nodes' kubelets come back. */
  | { restoreZone: { pool: string; zone: string } }
  /** Cluster time jumps forward (ClusterClock spec.advance): loops see the new time at their next wake-up. */
  | { advance: number }
  /** The clock's speed from then on. */
  | { speed: number }
  /** More objects, server-side applied. */
  | { apply: Manifest[] };

export type Step = { at: number; line?: number } & Action;

/** The action keys a step may have, in the order help and errors list them. */
export const ACTION_KEYS = ['load', 'failZone', 'restoreZone', 'advance', 'speed', 'apply'] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

/** The action key of a step. */
export function actionOf(step: Step): ActionKey {
  return ACTION_KEYS.find((k) => k in step)!;
}

/** A problem with a scenario file: where (line, field path) and what. */
export interface ScenarioError {
  line?: number;
  field: string;
  message: string;
}
