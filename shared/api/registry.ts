import type { CRD } from '../crd/types';
import { kubeflareTypeName } from '../openapi/kubeflare-type-name';

/**
 * The one resource registry. Routing, discovery, OpenAPI, tables, field selectors and
 * validation all look kinds up here, so serving a new kind is one entry in BUILTIN_RESOURCES.
 */
export type Subresource = 'status' | 'scale' | 'binding' | 'eviction' | 'log' | 'exec' | 'attach' | 'portforward' | 'proxy' | 'token' | 'ephemeralcontainers';

export interface ResourceDef {
  /** API group; '' is the legacy core group served under /api/v1. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  /** The version objects are stored in; other versions are converted on the way in and out. */
  storageVersion: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  subresources: Subresource[];
  /** Scale subresource paths, for kinds with `scale`. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath: string };
  /** Schema type name per served version (shared/openapi names), when a schema is known. */
  typeNames?: Record<string, string>;
  /** True for kinds whose `spec` is the only part that bumps metadata.generation (all with status). */
  hasStatus: boolean;
  /** Extra verbs beyond the standard set. */
  verbs?: string[];
  /** Served from live data by a dedicated handler, never stored (metrics.k8s.io); only these verbs. */
  virtual?: { verbs: string[] };
  /** For custom resources: the CustomResourceDefinition (schemas, printer columns) it is served from. */
  crd?: CRD;
}

export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Entry {
  group?: string;
  versions?: string[];
  storageVersion?: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  categories?: string[];
  namespaced?: boolean;
  subresources?: Subresource[];
  scale?: boolean;
  hasStatus?: boolean;
}

const REPLICAS_SCALE = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.selector',
};

function typeNamesFor(group: string, kind: string, versions: string[]): Record<string, string> {
  const pkg =
    group === ''
      ? 'core'
      : group === 'apiextensions.k8s.io'
        ? 'apiextensions'
        : group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '').replace(/\.apiserver$/, '');
  const prefix = group === 'apiextensions.k8s.io' ? 'io.k8s.apiextensions-apiserver.pkg.apis' : 'io.k8s.api';
  return Object.fromEntries(versions.map((v) => [v, `${prefix}.${pkg}.${v}.${kind}`]));
}

function define(e: Entry): ResourceDef {
  const group = e.group ?? '';
  const versions = e.versions ?? ['v1'];
  const subresources = e.subresources ?? (e.hasStatus === false ? [] : ['status']);
  return {
    group,
    versions,
    storageVersion: e.storageVersion ?? versions[0]!,
    kind: e.kind,
    plural: e.plural,
    singular: e.kind.toLowerCase(),
    shortNames: e.shortNames ?? [],
    categories: e.categories ?? [],
    namespaced: e.namespaced ?? true,
    subresources: e.scale ? [...subresources, 'scale'] : subresources,
    scale: e.scale ? REPLICAS_SCALE : undefined,
    typeNames: typeNamesFor(group, e.kind, versions),
    hasStatus: e.hasStatus ?? subresources.includes('status'),
  };
}

/** The kinds served from the start. Order is discovery order. */
export const BUILTIN_RESOURCES: ResourceDef[] = [
  define({ kind: 'Namespace', plural: 'namespaces', shortNames: ['ns'], namespaced: false, subresources: ['status'] }),
  define({
    kind: 'Pod',
    plural: 'pods',
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'ephemeralcontainers'],
  }),
  define({ kind: 'Node', plural: 'nodes', shortNames: ['no'], namespaced: false, subresources: ['status', 'proxy'] }),
  define({ kind: 'Event', plural: 'events', shortNames: ['ev'], hasStatus: false }),
  define({ kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'], hasStatus: false }),
  define({ kind: 'Secret', plural: 'secrets', hasStatus: false }),
  define({ kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'] }),
  // serviceaccounts/token is the TokenRequest subresource (workers/api/auth-token-request.ts)
  define({ kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], subresources: ['token'], hasStatus: false }),
  define({ kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'], hasStatus: false }),
  define({ kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'] }),
  define({ kind: 'PersistentVolume', plural: 'persistentvolumes', shortNames: ['pv'], namespaced: false }),
  define({ kind: 'ResourceQuota', plural: 'resourcequotas', shortNames: ['quota'] }),
  define({ kind: 'LimitRange', plural: 'limitranges', shortNames: ['limits'], hasStatus: false }),
  define({ group: 'apps', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], scale: true }),
  define({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], scale: true }),
  define({ group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'] }),
  define({ group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], scale: true }),
  define({ group: 'apps', kind: 'ControllerRevision', plural: 'controllerrevisions', hasStatus: false }),
  define({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', hasStatus: false }),
  define({
    group: 'autoscaling',
    versions: ['v2', 'v1'],
    storageVersion: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    shortNames: ['hpa'],
    categories: ['all'],
  }),
  define({ group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb'] }),
  define({ group: 'events.k8s.io', kind: 'Event', plural: 'events', shortNames: ['ev'], hasStatus: false }),
  define({ group: 'batch', kind: 'Job', plural: 'jobs', categories: ['all'] }),
  define({ group: 'batch', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], categories: ['all'] }),
  define({ group: 'scheduling.k8s.io', kind: 'PriorityClass', plural: 'priorityclasses', shortNames: ['pc'], namespaced: false, hasStatus: false }),
  define({ group: 'discovery.k8s.io', kind: 'EndpointSlice', plural: 'endpointslices', hasStatus: false }),
  define({ group: 'networking.k8s.io', kind: 'NetworkPolicy', plural: 'networkpolicies', shortNames: ['netpol'], hasStatus: false }),
  define({ group: 'networking.k8s.io', kind: 'Ingress', plural: 'ingresses', shortNames: ['ing'] }),
  define({ group: 'networking.k8s.io', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false, hasStatus: false }),
  define({ group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', shortNames: ['sc'], namespaced: false, hasStatus: false }),
  define({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, hasStatus: false }),
  define({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false, hasStatus: false }),
  define({ group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles', hasStatus: false }),
  define({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', plural: 'rolebindings', hasStatus: false }),
  // API Priority and Fairness configuration (shared/flowcontrol); status holds the Dangling condition
  define({ group: 'flowcontrol.apiserver.k8s.io', kind: 'FlowSchema', plural: 'flowschemas', namespaced: false }),
  define({ group: 'flowcontrol.apiserver.k8s.io', kind: 'PriorityLevelConfiguration', plural: 'prioritylevelconfigurations', namespaced: false }),
  define({
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    namespaced: false,
  }),
  // Kubeflare's own kinds: hand-written schemas (shared/openapi/kubeflare-schemas.ts) for explain and strict field
  // validation; value checks in shared/apiserver/kubeflare-kinds.ts
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'NodePool', plural: 'nodepools', shortNames: ['np'], namespaced: false }), typeNames: { v1alpha1: kubeflareTypeName('NodePool') } },
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'WorkloadProfile', plural: 'workloadprofiles', shortNames: ['wp'], hasStatus: false }), typeNames: { v1alpha1: kubeflareTypeName('WorkloadProfile') } },
  // the one cluster clock (shared/clock): speed, stepped mode and advance requests; status is the clock state
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'ClusterClock', plural: 'clusterclocks', namespaced: false, hasStatus: false }), typeNames: { v1alpha1: kubeflareTypeName('ClusterClock') } },
  // signed webhooks that act on the cluster as a ServiceAccount (shared/webhooks, workers/api/webhook-delivery.ts)
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'WebhookTrigger', plural: 'webhooktriggers', shortNames: ['wht'] }), typeNames: { v1alpha1: kubeflareTypeName('WebhookTrigger') } },
  // the scheduler's dry run: where a pod would go and why (shared/scheduler/explain-scheduling.ts)
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'SchedulingExplanation', plural: 'schedulingexplanations', hasStatus: false }), typeNames: { v1alpha1: kubeflareTypeName('SchedulingExplanation') }, virtual: { verbs: ['create'] } },
  // the pod network model (shared/network): a packet's path, and each node's flannel dataplane
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'NetworkPath', plural: 'networkpaths', hasStatus: false }), typeNames: { v1alpha1: kubeflareTypeName('NetworkPath') }, virtual: { verbs: ['create'] } },
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'NodeNetwork', plural: 'nodenetworks', namespaced: false, hasStatus: false }), typeNames: { v1alpha1: kubeflareTypeName('NodeNetwork') }, virtual: { verbs: ['get', 'list'] } },
  { ...define({ group: 'kubeflare.dev', versions: ['v1alpha1'], kind: 'VMINetwork', plural: 'vminetworks', hasStatus: false }), typeNames: undefined, virtual: { verbs: ['get', 'list'] } },
  // KubeVirt's VirtualMachineInstance (a CRD upstream, hence no built-in schema): run in a virt-launcher pod (shared/network/kubevirt)
  { ...define({ group: 'kubevirt.io', kind: 'VirtualMachineInstance', plural: 'virtualmachineinstances', shortNames: ['vmi', 'vmis'], categories: ['all'] }), typeNames: undefined },
  // metrics-server's API, computed from the node pool's simulation (workers/api/metrics-api.ts)
  { ...define({ group: 'metrics.k8s.io', versions: ['v1beta1'], kind: 'NodeMetrics', plural: 'nodes', namespaced: false, hasStatus: false }), typeNames: undefined, virtual: { verbs: ['get', 'list'] } },
  { ...define({ group: 'metrics.k8s.io', versions: ['v1beta1'], kind: 'PodMetrics', plural: 'pods', hasStatus: false }), typeNames: undefined, virtual: { verbs: ['get', 'list'] } },
  // reviews answered on the spot by the API's own authorizer (workers/api/reviews.ts)
  { ...define({ group: 'authorization.k8s.io', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', hasStatus: false }), typeNames: undefined, virtual: { verbs: ['create'] } },
  { ...define({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, hasStatus: false }), typeNames: undefined, virtual: { verbs: ['create'] } },
  { ...define({ group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, hasStatus: false }), typeNames: undefined, virtual: { verbs: ['create'] } },
  { ...define({ group: 'authorization.k8s.io', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, hasStatus: false }), typeNames: undefined, virtual: { verbs: ['create'] } },
  { ...define({ group: 'authentication.k8s.io', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, hasStatus: false }), typeNames: undefined, virtual: { verbs: ['create'] } },
];

/** Looks resources up by group and plural, and groups them for discovery. */
export class ResourceRegistry {
  private readonly byKey = new Map<string, ResourceDef>();

  constructor(defs: ResourceDef[]) {
    for (const d of defs) this.add(d);
  }

  add(def: ResourceDef): void {
    this.byKey.set(resourceKey(def.group, def.plural), def);
  }

  remove(group: string, plural: string): void {
    this.byKey.delete(resourceKey(group, plural));
  }

  /** The resource served at /api(s)/{group}/{version}/{plural}, or undefined. */
  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    const def = this.byKey.get(resourceKey(group, plural));
    return def && def.versions.includes(version) ? def : undefined;
  }

  byKind(group: string, kind: string): ResourceDef | undefined {
    for (const d of this.byKey.values()) if (d.group === group && d.kind === kind) return d;
    return undefined;
  }

  all(): ResourceDef[] {
    return [...this.byKey.values()];
  }

  /** Groups in discovery order, each with its served versions, preferred first. */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, Set<string>>();
    for (const d of this.byKey.values()) {
      if (d.group === '') continue;
      const set = out.get(d.group) ?? new Set<string>();
      d.versions.forEach((v) => set.add(v));
      out.set(d.group, set);
    }
    return [...out].map(([name, vs]) => ({ name, versions: [...vs] }));
  }

  /** Resources served at one group/version. */
  inGroupVersion(group: string, version: string): ResourceDef[] {
    return this.all().filter((d) => d.group === group && d.versions.includes(version));
  }
}

/** The storage key of a resource: `pods`, `deployments.apps`. */
export function resourceKey(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

const BUILTIN_KEYS = new Map(BUILTIN_RESOURCES.map((d) => [d, resourceKey(d.group, d.plural)]));
const BUILTIN_BY_KEY = new Map(BUILTIN_RESOURCES.map((d) => [resourceKey(d.group, d.plural), d]));

/**
 * A built-in kind's definition by its storage key, for a definition named across RPC instead of
 * structured-cloned: the key of exactly a BUILTIN_RESOURCES entry (undefined for any other object,
 * a custom resource's or a copy), and the entry back.
 */
export function builtinKeyOf(def: ResourceDef): string | undefined {
  return BUILTIN_KEYS.get(def);
}

export function builtinByKey(key: string): ResourceDef | undefined {
  return BUILTIN_BY_KEY.get(key);
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export const builtinRegistry = (): ResourceRegistry => new ResourceRegistry(BUILTIN_RESOURCES);
