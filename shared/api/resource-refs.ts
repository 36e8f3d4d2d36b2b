/**
 * The group, version and resource of the kinds that controllers, the scheduler and the Worker's views read
 * and write through a StoreApi or the cluster client: one constant per resource, at the version they use.
 */
export const CONFIG_MAPS = { group: '', version: 'v1', plural: 'configmaps' };
export const ENDPOINTS = { group: '', version: 'v1', plural: 'endpoints' };
export const EVENTS = { group: '', version: 'v1', plural: 'events' };
export const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };
export const NODES = { group: '', version: 'v1', plural: 'nodes' };
export const PERSISTENT_VOLUME_CLAIMS = { group: '', version: 'v1', plural: 'persistentvolumeclaims' };
export const PERSISTENT_VOLUMES = { group: '', version: 'v1', plural: 'persistentvolumes' };
export const PODS = { group: '', version: 'v1', plural: 'pods' };
export const RESOURCE_QUOTAS = { group: '', version: 'v1', plural: 'resourcequotas' };
export const SECRETS = { group: '', version: 'v1', plural: 'secrets' };
export const SERVICES = { group: '', version: 'v1', plural: 'services' };
export const CONTROLLER_REVISIONS = { group: 'apps', version: 'v1', plural: 'controllerrevisions' };
export const DAEMON_SETS = { group: 'apps', version: 'v1', plural: 'daemonsets' };
export const DEPLOYMENTS = { group: 'apps', version: 'v1', plural: 'deployments' };
export const REPLICA_SETS = { group: 'apps', version: 'v1', plural: 'replicasets' };
export const STATEFUL_SETS = { group: 'apps', version: 'v1', plural: 'statefulsets' };
export const HORIZONTAL_POD_AUTOSCALERS = { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' };
export const CRON_JOBS = { group: 'batch', version: 'v1', plural: 'cronjobs' };
export const JOBS = { group: 'batch', version: 'v1', plural: 'jobs' };
export const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };
export const POD_DISRUPTION_BUDGETS = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' };
export const NODE_POOLS = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'nodepools' };
export const WEBHOOK_TRIGGERS = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'webhooktriggers' };
export const WORKLOAD_PROFILES = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'workloadprofiles' };
export const CUSTOM_RESOURCE_DEFINITIONS = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions' };
export const ENDPOINT_SLICES = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' };
export const INGRESSES = { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses' };
export const INGRESS_CLASSES = { group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses' };
export const STORAGE_CLASSES = { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses' };
