import type { Lease } from 'kubernetes-types/coordination/v1';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler as HorizontalPodAutoscalerV1 } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler as HorizontalPodAutoscalerV2 } from 'kubernetes-types/autoscaling/v2';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Endpoints, Event, Namespace, Node, Pod, Secret, Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Event as EventV1 } from 'kubernetes-types/events/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KubeObject } from '../api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../api/registry';
import type { Client, ObjectLike, ResourceClient, ResourceRef } from './client';

/** A namespaced kind: scoped to `namespace`, or across all namespaces when omitted (list/watch). */
export type NamespacedResource<T extends ObjectLike> = (namespace?: string) => ResourceClient<T>;
/** A cluster-scoped kind. */
export type ClusterResource<T extends ObjectLike> = () => ResourceClient<T>;

export interface CoreV1Client {
  pods: NamespacedResource<Pod>;
  services: NamespacedResource<Service>;
  configMaps: NamespacedResource<ConfigMap>;
  secrets: NamespacedResource<Secret>;
  events: NamespacedResource<Event>;
  serviceAccounts: NamespacedResource<ServiceAccount>;
  endpoints: NamespacedResource<Endpoints>;
  namespaces: ClusterResource<Namespace>;
  nodes: ClusterResource<Node>;
}
export interface AppsV1Client {
  deployments: NamespacedResource<Deployment>;
  replicaSets: NamespacedResource<ReplicaSet>;
  daemonSets: NamespacedResource<DaemonSet>;
  statefulSets: NamespacedResource<StatefulSet>;
}
export interface BatchV1Client {
  jobs: NamespacedResource<Job>;
  cronJobs: NamespacedResource<CronJob>;
}
export interface AutoscalingV1Client {
  horizontalPodAutoscalers: NamespacedResource<HorizontalPodAutoscalerV1>;
}
export interface AutoscalingV2Client {
  horizontalPodAutoscalers: NamespacedResource<HorizontalPodAutoscalerV2>;
}
export interface PolicyV1Client {
  podDisruptionBudgets: NamespacedResource<PodDisruptionBudget>;
}
export interface CoordinationV1Client {
  leases: NamespacedResource<Lease>;
}
export interface SchedulingV1Client {
  priorityClasses: ClusterResource<PriorityClass>;
}
export interface EventsV1Client {
  events: NamespacedResource<EventV1>;
}

/** Typed clients per group/version, as client-go's kubernetes.Clientset. */
export interface ClientSet {
  coreV1(): CoreV1Client;
  appsV1(): AppsV1Client;
  batchV1(): BatchV1Client;
  autoscalingV1(): AutoscalingV1Client;
  autoscalingV2(): AutoscalingV2Client;
  policyV1(): PolicyV1Client;
  coordinationV1(): CoordinationV1Client;
  schedulingV1(): SchedulingV1Client;
  eventsV1(): EventsV1Client;
  /** Any group/version the registry serves, untyped: `groupVersion('apps', 'v1').deployments('ns')`. */
  groupVersion(group: string, version: string): Record<string, NamespacedResource<KubeObject>>;
  /** Any resource, typed by the caller. */
  resource<T extends ObjectLike = KubeObject>(ref: ResourceRef): ResourceClient<T>;
}

/**
 * Builds a ClientSet over any Client (HTTP, RPC, memory). The accessors are generated from the
 * registry, so each kind the registry serves at a group/version has one; the interfaces above
 * only type them.
 * @example
 * const cs = createClientSet(client);
 * const pods = await cs.coreV1().pods('default').list({ labelSelector: 'app=web' });
 * await cs.appsV1().deployments('default').updateScale('web', scale);
 */
export function createClientSet(client: Client, resources: readonly ResourceDef[] = BUILTIN_RESOURCES): ClientSet {
  const groupVersion = (group: string, version: string): Record<string, NamespacedResource<KubeObject>> => {
    const out: Record<string, NamespacedResource<KubeObject>> = {};
    for (const def of resources) {
      if (def.group !== group || !def.versions.includes(version)) continue;
      const rc = (): ResourceClient<KubeObject> => client.resource({ group, version, plural: def.plural });
      out[accessorName(def)] = def.namespaced ? (ns?: string) => (ns === undefined ? rc() : rc().namespace(ns)) : () => rc();
    }
    return out;
  };
  const typed = <C>(group: string, version: string) => (): C => groupVersion(group, version) as unknown as C;
  return {
    coreV1: typed<CoreV1Client>('', 'v1'),
    appsV1: typed<AppsV1Client>('apps', 'v1'),
    batchV1: typed<BatchV1Client>('batch', 'v1'),
    autoscalingV1: typed<AutoscalingV1Client>('autoscaling', 'v1'),
    autoscalingV2: typed<AutoscalingV2Client>('autoscaling', 'v2'),
    policyV1: typed<PolicyV1Client>('policy', 'v1'),
    coordinationV1: typed<CoordinationV1Client>('coordination.k8s.io', 'v1'),
    schedulingV1: typed<SchedulingV1Client>('scheduling.k8s.io', 'v1'),
    eventsV1: typed<EventsV1Client>('events.k8s.io', 'v1'),
    groupVersion,
    resource: <T extends ObjectLike = KubeObject>(ref: ResourceRef) => client.resource<T>(ref),
  };
}

/**
 * The client-go accessor name of a resource: the kind in lower camel case, pluralised as the
 * resource is (`horizontalpodautoscalers` → `horizontalPodAutoscalers`, `endpoints` → `endpoints`).
 */
export function accessorName(def: Pick<ResourceDef, 'kind' | 'plural'>): string {
  const lower = def.kind.toLowerCase();
  if (!def.kind || !def.plural.startsWith(lower)) return def.plural;
  return def.kind[0]!.toLowerCase() + def.kind.slice(1) + def.plural.slice(lower.length);
}
