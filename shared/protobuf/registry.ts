import { parseFieldSpec, type FieldSpec, type MessageTable } from './field-spec';
import { WELL_KNOWN } from './well-known';
import { appsV1 } from './tables/apps-v1';
import { authenticationV1 } from './tables/authentication-v1';
import { authorizationV1 } from './tables/authorization-v1';
import { autoscalingV1 } from './tables/autoscaling-v1';
import { batchV1 } from './tables/batch-v1';
import { coreV1 } from './tables/core-v1';
import { metaV1 } from './tables/meta-v1';
import { networkingV1 } from './tables/networking-v1';
import { policyV1 } from './tables/policy-v1';
import { rbacV1 } from './tables/rbac-v1';
import { schedulingV1 } from './tables/scheduling-v1';

/**
 * The kinds whose protobuf body we decode, by apiVersion: what kubectl 1.32 sends through typed clients
 * (`kubectl create <kind>`, `autoscale`, `create token`, `auth can-i`, `auth whoami`). Each kind's
 * message in the tables has the kind's name.
 */
export const PROTOBUF_KINDS: Readonly<Record<string, readonly string[]>> = {
  v1: ['ConfigMap', 'Namespace', 'Pod', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'],
  'apps/v1': ['Deployment'],
  'authentication.k8s.io/v1': ['SelfSubjectReview', 'TokenRequest'],
  'authorization.k8s.io/v1': ['SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
  'autoscaling/v1': ['HorizontalPodAutoscaler'],
  'batch/v1': ['CronJob', 'Job'],
  'networking.k8s.io/v1': ['Ingress'],
  'policy/v1': ['PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
};

const TABLES: readonly MessageTable[] = [
  metaV1, coreV1, appsV1, batchV1, autoscalingV1, policyV1, rbacV1, schedulingV1, networkingV1,
  authenticationV1, authorizationV1,
];

/** A message's fields by number, in field-number order. */
export type MessageFields = ReadonlyMap<number, FieldSpec>;

let compiled: Map<string, MessageFields> | undefined;

/** All messages, parsed once on first use (module-load work would slow every Worker cold start). */
export function messageRegistry(): ReadonlyMap<string, MessageFields> {
  if (compiled) return compiled;
  const registry = new Map<string, MessageFields>();
  for (const table of TABLES) {
    for (const [name, fields] of Object.entries(table)) {
      if (registry.has(name)) throw new Error(`protobuf table: message ${name} defined twice`);
      const parsed = Object.entries(fields).map(([no, spec]) => [Number(no), parseFieldSpec(spec)] as const);
      registry.set(name, new Map(parsed.sort((a, b) => a[0] - b[0])));
    }
  }
  for (const [name, fields] of registry) {
    for (const field of fields.values()) {
      const ref = 'message' in field.value ? field.value.message : undefined;
      if (ref && !registry.has(ref) && !(ref in WELL_KNOWN)) {
        throw new Error(`protobuf table: ${name}.${field.json} refers to unknown message ${ref}`);
      }
    }
  }
  compiled = registry;
  return registry;
}

/** The message name for a kind sent as protobuf, or undefined when we do not decode it. */
export function protobufMessageFor(apiVersion: string, kind: string): string | undefined {
  return PROTOBUF_KINDS[apiVersion]?.includes(kind) ? kind : undefined;
}
