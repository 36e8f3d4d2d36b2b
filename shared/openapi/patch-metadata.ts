import type { FieldSchema } from '../api/schema-types';

/**
 * Patch metadata the generated schemas lack: `kubernetes-types` drops the Go struct tags
 * (patchStrategy/patchMergeKey) and the +listType/+listMapKey/+mapType/+structType markers of
 * k8s.io/api, yet strategic merge patch and server-side apply depend on them. Hand-written from
 * upstream types.go (1.30–1.32) and api/openapi-spec; applied by the loader (builtin-schemas.ts),
 * so editing this file needs no regeneration.
 */
export type PatchMeta = Pick<FieldSchema, 'patchMergeKey' | 'patchStrategy' | 'listType' | 'listMapKeys' | 'mapType'>;

/** `+patchStrategy=merge +patchMergeKey=key +listType=map +listMapKey=key…` — the common keyed list. */
const keyed = (key: string, ...moreKeys: string[]): PatchMeta => ({
  patchMergeKey: key,
  patchStrategy: 'merge',
  listType: 'map',
  listMapKeys: [key, ...moreKeys],
});
/** `+listType=atomic`: SSA replaces the whole list; SMP replaces it too (no patchStrategy). */
const atomic: PatchMeta = { listType: 'atomic' };
/** `+listType=set` alone. */
const set: PatchMeta = { listType: 'set' };
const atomicMap: PatchMeta = { mapType: 'atomic' };

const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

// Container and EphemeralContainer share EphemeralContainerCommon's tags.
const containerFields: Record<string, PatchMeta> = {
  command: atomic,
  args: atomic,
  ports: keyed('containerPort', 'protocol'), // SMP keys on containerPort only; SSA on both
  envFrom: atomic,
  env: keyed('name'),
  volumeMounts: keyed('mountPath'),
  volumeDevices: keyed('devicePath'),
  resizePolicy: atomic,
};

/** Per type, per field: upstream's patch and list metadata. */
export const patchMetadata: Record<string, Record<string, PatchMeta>> = {
  [meta + 'ObjectMeta']: {
    finalizers: { patchStrategy: 'merge', listType: 'set' },
    ownerReferences: keyed('uid'),
    managedFields: atomic,
  },
  [meta + 'LabelSelector']: { matchExpressions: atomic },
  [meta + 'LabelSelectorRequirement']: { values: atomic },
  [meta + 'StatusDetails']: { causes: atomic },

  [core + 'PodSpec']: {
    volumes: { ...keyed('name'), patchStrategy: 'merge,retainKeys' },
    initContainers: keyed('name'),
    containers: keyed('name'),
    ephemeralContainers: keyed('name'),
    imagePullSecrets: keyed('name'),
    hostAliases: keyed('ip'),
    tolerations: atomic,
    readinessGates: atomic,
    topologySpreadConstraints: keyed('topologyKey', 'whenUnsatisfiable'),
    schedulingGates: keyed('name'),
    resourceClaims: { ...keyed('name'), patchStrategy: 'merge,retainKeys' },
    nodeSelector: atomicMap,
  },
  [core + 'Container']: containerFields,
  [core + 'EphemeralContainer']: containerFields,
  [core + 'ResourceRequirements']: { claims: { listType: 'map', listMapKeys: ['name'] } },
  [core + 'Capabilities']: { add: atomic, drop: atomic },
  [core + 'ExecAction']: { command: atomic },
  [core + 'HTTPGetAction']: { httpHeaders: atomic },
  [core + 'PodSecurityContext']: { supplementalGroups: atomic, sysctls: atomic },
  [core + 'PodDNSConfig']: { nameservers: atomic, searches: atomic, options: atomic },
  [core + 'HostAlias']: { hostnames: atomic },
  [core + 'NodeAffinity']: { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [core + 'NodeSelector']: { nodeSelectorTerms: atomic },
  [core + 'NodeSelectorTerm']: { matchExpressions: atomic, matchFields: atomic },
  [core + 'NodeSelectorRequirement']: { values: atomic },
  [core + 'PodAffinity']: {
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  [core + 'PodAntiAffinity']: {
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  [core + 'PodAffinityTerm']: { namespaces: atomic, matchLabelKeys: atomic, mismatchLabelKeys: atomic },
  [core + 'TopologySpreadConstraint']: { matchLabelKeys: atomic },
  [core + 'ConfigMapVolumeSource']: { items: atomic },
  [core + 'SecretVolumeSource']: { items: atomic },
  [core + 'ProjectedVolumeSource']: { sources: atomic },
  [core + 'ConfigMapProjection']: { items: atomic },
  [core + 'SecretProjection']: { items: atomic },
  [core + 'DownwardAPIVolumeSource']: { items: atomic },
  [core + 'DownwardAPIProjection']: { items: atomic },
  [core + 'PersistentVolumeClaimSpec']: { accessModes: atomic },
  [core + 'PersistentVolumeClaimStatus']: { accessModes: atomic },

  [core + 'PodStatus']: {
    podIPs: keyed('ip'),
    hostIPs: keyed('ip'),
    initContainerStatuses: atomic,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    resourceClaimStatuses: { ...keyed('name'), patchStrategy: 'merge,retainKeys' },
  },
  [core + 'ContainerStatus']: { volumeMounts: keyed('mountPath') },

  // NodeSpec.taints has no patch strategy upstream: `kubectl taint` sends the whole list.
  [core + 'NodeSpec']: { podCIDRs: { patchStrategy: 'merge', listType: 'set' }, taints: atomic },
  [core + 'NodeStatus']: {
    addresses: keyed('type'),
    images: atomic,
    volumesInUse: atomic,
    volumesAttached: atomic,
    runtimeHandlers: atomic,
  },
  [core + 'ContainerImage']: { names: atomic },

  [core + 'ServiceSpec']: {
    ports: keyed('port', 'protocol'),
    selector: atomicMap,
    clusterIPs: atomic,
    externalIPs: atomic,
    loadBalancerSourceRanges: atomic,
    ipFamilies: atomic,
  },
  [core + 'LoadBalancerStatus']: { ingress: atomic },
  [core + 'LoadBalancerIngress']: { ports: atomic },
  [core + 'Endpoints']: { subsets: atomic },
  [core + 'EndpointSubset']: { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  'io.k8s.api.discovery.v1.EndpointSlice': { endpoints: atomic, ports: atomic },
  'io.k8s.api.discovery.v1.Endpoint': { addresses: set },
  'io.k8s.api.discovery.v1.EndpointHints': { forZones: atomic },
  [core + 'NamespaceSpec']: { finalizers: atomic },
  [core + 'ServiceAccount']: { secrets: keyed('name'), imagePullSecrets: atomic },

  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: { patchStrategy: 'retainKeys' } },
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: atomic },

  // Job conditions merge by type under SMP but are atomic for SSA.
  'io.k8s.api.batch.v1.JobStatus': { conditions: { patchMergeKey: 'type', patchStrategy: 'merge', listType: 'atomic' } },
  'io.k8s.api.batch.v1.CronJobStatus': { active: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicy': { rules: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { onPodConditions: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: set },
  'io.k8s.api.batch.v1.SuccessPolicy': { rules: atomic },

  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': { metrics: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { currentMetrics: atomic },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { policies: atomic },

  'io.k8s.api.networking.v1.IngressSpec': { tls: atomic, rules: atomic },
  'io.k8s.api.networking.v1.IngressTLS': { hosts: atomic },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { paths: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': { ports: atomic },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { ingress: atomic, egress: atomic, policyTypes: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': { ports: atomic, from: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': { ports: atomic, to: atomic },

  'io.k8s.api.rbac.v1.Role': { rules: atomic },
  'io.k8s.api.rbac.v1.ClusterRole': { rules: atomic },
  'io.k8s.api.rbac.v1.RoleBinding': { subjects: atomic },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { subjects: atomic },
  'io.k8s.api.rbac.v1.AggregationRule': { clusterRoleSelectors: atomic },
  'io.k8s.api.rbac.v1.PolicyRule': {
    verbs: atomic,
    apiGroups: atomic,
    resources: atomic,
    resourceNames: atomic,
    nonResourceURLs: atomic,
  },

  'io.k8s.api.flowcontrol.v1.FlowSchemaSpec': { rules: atomic },
  'io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects': { subjects: atomic, resourceRules: atomic, nonResourceRules: atomic },
  'io.k8s.api.flowcontrol.v1.ResourcePolicyRule': { verbs: set, apiGroups: set, resources: set, namespaces: set },
  'io.k8s.api.flowcontrol.v1.NonResourcePolicyRule': { verbs: set, nonResourceURLs: set },

  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec': { versions: atomic },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames': {
    shortNames: atomic,
    categories: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': {
    additionalPrinterColumns: atomic,
    selectableFields: atomic,
  },
  // CRD conditions are SSA-keyed but carry no SMP tags upstream.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus': {
    conditions: { listType: 'map', listMapKeys: ['type'] },
    storedVersions: atomic,
  },
};

/**
 * Status `conditions` lists not named above follow upstream's convention
 * (`+patchMergeKey=type +patchStrategy=merge +listType=map +listMapKey=type`):
 * PodStatus, NodeStatus, NamespaceStatus, ServiceStatus, PVC status, the apps/v1 statuses,
 * HPA v2, PodDisruptionBudget, FlowSchema and PriorityLevelConfiguration statuses.
 */
export const conditionsConvention: PatchMeta = keyed('type');

/**
 * Structs marked `+structType=atomic` (`x-kubernetes-map-type: atomic`): SSA replaces them whole.
 * The loader copies this onto every field that refers to one of them.
 */
export const atomicStructs: ReadonlySet<string> = new Set([
  meta + 'LabelSelector',
  meta + 'OwnerReference',
  core + 'ObjectReference',
  core + 'LocalObjectReference',
  core + 'TypedLocalObjectReference',
  core + 'ConfigMapKeySelector',
  core + 'SecretKeySelector',
  core + 'ObjectFieldSelector',
  core + 'ResourceFieldSelector',
  core + 'NodeSelector',
  core + 'NodeSelectorTerm',
  core + 'EndpointAddress',
]);
