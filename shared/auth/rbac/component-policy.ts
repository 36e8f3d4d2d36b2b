// The roles the simulated components act under. Upstream's own, copied rule for rule from
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy (controller_policy.go: `system:controller:*`
// bound to kube-system ServiceAccounts; policy.go: system:kube-scheduler, system:volume-scheduler,
// system:kube-controller-manager and NodeRules()), and kubeflare's own for the components upstream
// does not ship (node pools, flannel, the ingress controller, KubeVirt's virt-controller, the
// CRD controller, the webhook notifier) and for the kubelet's and scheduler's kubeflare-only reads.
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from 'kubernetes-types/rbac/v1';
import { binding, clusterRole, READ, rule } from './policy-builders';

const CONTROLLER_PREFIX = 'system:controller:';
const CORE = '';
const APPS = 'apps';
const EXTENSIONS = 'extensions';
const BATCH = 'batch';
const POLICY = 'policy';
const AUTOSCALING = 'autoscaling';
const STORAGE = 'storage.k8s.io';
const DISCOVERY = 'discovery.k8s.io';
const COORDINATION = 'coordination.k8s.io';
const AUTHENTICATION = 'authentication.k8s.io';
const AUTHORIZATION = 'authorization.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';
const KUBEFLARE = 'kubeflare.dev';
const READ_UPDATE = ['get', 'list', 'watch', 'update', 'patch'];

/** upstream's eventsRule(): every controller may record Events. */
const events = (): PolicyRule => rule(['create', 'update', 'patch'], [CORE, 'events.k8s.io'], ['events']);

/** upstream's controller roles, for the controllers kubeflare runs (name without the prefix → rules). */
const UPSTREAM_CONTROLLERS: Record<string, PolicyRule[]> = {
  'cronjob-controller': [
    rule(['get', 'list', 'watch', 'update'], [BATCH], ['cronjobs']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], [BATCH], ['jobs']),
    rule(['update'], [BATCH], ['cronjobs/status']),
    rule(['update'], [BATCH], ['cronjobs/finalizers']),
    rule(['list', 'watch', 'delete'], [CORE], ['pods']),
    events(),
  ],
  'daemon-set-controller': [
    rule(READ, [EXTENSIONS, APPS], ['daemonsets']),
    rule(['update'], [EXTENSIONS, APPS], ['daemonsets/status']),
    rule(['update'], [EXTENSIONS, APPS], ['daemonsets/finalizers']),
    rule(['list', 'watch'], [CORE], ['nodes']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [CORE], ['pods']),
    rule(['create'], [CORE], ['pods/binding']),
    rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], [APPS], ['controllerrevisions']),
    events(),
  ],
  'deployment-controller': [
    rule(['get', 'list', 'watch', 'update'], [EXTENSIONS, APPS], ['deployments']),
    rule(['update'], [EXTENSIONS, APPS], ['deployments/status']),
    rule(['update'], [EXTENSIONS, APPS], ['deployments/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], [APPS, EXTENSIONS], ['replicasets']),
    rule(['get', 'list', 'watch', 'update'], [CORE], ['pods']),
    events(),
  ],
  'disruption-controller': [
    rule(READ, [EXTENSIONS, APPS], ['deployments']),
    rule(READ, [APPS, EXTENSIONS], ['replicasets']),
    rule(READ, [CORE], ['replicationcontrollers']),
    rule(READ, [POLICY], ['poddisruptionbudgets']),
    rule(READ, [APPS], ['statefulsets']),
    rule(['update'], [POLICY], ['poddisruptionbudgets/status']),
    rule(['patch', 'update'], [CORE], ['pods/status']),
    rule(['get'], ['*'], ['*/scale']),
    events(),
  ],
  'endpoint-controller': [
    rule(READ, [CORE], ['services', 'pods']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [CORE], ['endpoints']),
    rule(['create'], [CORE], ['endpoints/restricted']),
    events(),
  ],
  'endpointslice-controller': [
    rule(READ, [CORE], ['services', 'pods', 'nodes']),
    rule(['update'], [CORE], ['services/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [DISCOVERY], ['endpointslices']),
    events(),
  ],
  'generic-garbage-collector': [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), events()],
  'horizontal-pod-autoscaler': [
    rule(READ, [AUTOSCALING], ['horizontalpodautoscalers']),
    rule(['update'], [AUTOSCALING], ['horizontalpodautoscalers/status']),
    rule(['get', 'update'], ['*'], ['*/scale']),
    rule(['list', 'watch'], [CORE], ['pods']),
    rule(['list', 'watch'], ['metrics.k8s.io'], ['pods']),
    rule(READ, ['custom.metrics.k8s.io'], ['*']),
    rule(READ, ['external.metrics.k8s.io'], ['*']),
    events(),
  ],
  'job-controller': [
    rule(['get', 'list', 'watch', 'update', 'patch'], [BATCH], ['jobs']),
    rule(['update'], [BATCH], ['jobs/status']),
    rule(['update'], [BATCH], ['jobs/finalizers']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [CORE], ['pods']),
    events(),
  ],
  'node-controller': [
    rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], [CORE], ['nodes']),
    rule(['patch', 'update'], [CORE], ['nodes/status']),
    rule(['patch', 'update'], [CORE], ['pods/status']),
    rule(['list', 'watch', 'get', 'delete'], [CORE], ['pods']),
    events(),
  ],
  'persistent-volume-binder': [
    rule(['get', 'list', 'watch', 'update', 'create', 'delete'], [CORE], ['persistentvolumes']),
    rule(['update'], [CORE], ['persistentvolumes/status']),
    rule(['get', 'list', 'watch', 'update'], [CORE], ['persistentvolumeclaims']),
    rule(['update'], [CORE], ['persistentvolumeclaims/status']),
    rule(['list', 'watch', 'get', 'create', 'delete'], [CORE], ['pods']),
    rule(READ, [STORAGE], ['storageclasses']),
    rule(['list', 'watch'], [CORE], ['nodes']),
    events(),
    rule(['watch'], [CORE], ['events']),
    rule(['get'], [CORE], ['services']),
  ],
  'pvc-protection-controller': [rule(['get', 'list', 'watch', 'update'], [CORE], ['persistentvolumeclaims']), rule(['list', 'watch', 'get'], [CORE], ['pods']), events()],
  'pv-protection-controller': [rule(['get', 'list', 'watch', 'update'], [CORE], ['persistentvolumes']), events()],
  'replicaset-controller': [
    rule(['get', 'list', 'watch', 'update'], [APPS, EXTENSIONS], ['replicasets']),
    rule(['update'], [APPS, EXTENSIONS], ['replicasets/status']),
    rule(['update'], [APPS, EXTENSIONS], ['replicasets/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [CORE], ['pods']),
    events(),
  ],
  'resourcequota-controller': [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], [CORE], ['resourcequotas/status']), events()],
  'statefulset-controller': [
    rule(['list', 'watch'], [CORE], ['pods']),
    rule(READ, [APPS], ['statefulsets']),
    rule(['update'], [APPS], ['statefulsets/status']),
    rule(['update'], [APPS], ['statefulsets/finalizers']),
    rule(['get', 'create', 'delete', 'update', 'patch'], [CORE], ['pods']),
    rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], [APPS], ['controllerrevisions']),
    rule(['get', 'create', 'list', 'watch'], [CORE], ['persistentvolumeclaims']),
    rule(['update', 'delete'], [CORE], ['persistentvolumeclaims']),
    rule(['update'], [CORE], ['pods/finalizers']),
    events(),
  ],
  'root-ca-cert-publisher': [rule(['create', 'update'], [CORE], ['configmaps']), events()],
  'ttl-after-finished-controller': [rule(['get', 'list', 'watch', 'delete'], [BATCH], ['jobs']), events()],
};

/**
 * kubeflare's controllers that upstream does not ship, each as narrow as its loop: what it reads,
 * the one status or object it writes, and Events. Bound like upstream's, to `kube-system/<name>`.
 */
const KUBEFLARE_CONTROLLERS: Record<string, PolicyRule[]> = {
  // NodePools: creates and deletes their Nodes, drains a deleted Node's pods, writes the pool's status
  'node-pool-controller': [
    rule(READ, [KUBEFLARE], ['nodepools']),
    rule(['update'], [KUBEFLARE], ['nodepools/status']),
    rule(['get', 'list', 'watch', 'create', 'delete'], [CORE], ['nodes']),
    rule(['list', 'delete'], [CORE], ['pods']),
    events(),
  ],
  // flannel's own ClusterRole (kube-flannel.yml) reads nodes and patches nodes/status; kubeflare's
  // flannel writes its annotations on the Node itself and reads its net-conf from kube-flannel-cfg
  'flannel': [
    rule(READ, [CORE], ['nodes']),
    rule(['patch'], [CORE], ['nodes', 'nodes/status']),
    rule(['get'], [CORE], ['configmaps'], ['kube-flannel-cfg']),
    events(),
  ],
  // the simulated ingress controller: publishes each Ingress's load-balancer address
  'ingress-controller': [rule(READ, ['networking.k8s.io'], ['ingresses', 'ingressclasses']), rule(['update'], ['networking.k8s.io'], ['ingresses/status']), events()],
  // KubeVirt's virt-controller: one virt-launcher pod per VirtualMachineInstance, and the VMI's status
  'virt-controller': [rule(READ, ['kubevirt.io'], ['virtualmachineinstances']), rule(['update'], ['kubevirt.io'], ['virtualmachineinstances/status']), rule(['list', 'create'], [CORE], ['pods']), events()],
  // upstream's CRD controllers run inside the API server; kubeflare's writes CRD status and
  // finalizers, and (as the apiextensions finalizer does) deletes a deleted CRD's objects, of any kind
  'crd-controller': [
    rule(['get', 'list', 'watch', 'patch'], ['apiextensions.k8s.io'], ['customresourcedefinitions']),
    rule(['update'], ['apiextensions.k8s.io'], ['customresourcedefinitions/status']),
    rule(['list', 'delete'], ['*'], ['*']),
    events(),
  ],
  // outgoing webhook notifications: reads triggers and the Secrets that sign them, nothing else
  'webhook-notifier': [rule(READ, [KUBEFLARE], ['webhooktriggers']), rule(['get'], [CORE], ['secrets']), events()],
};

/**
 * Where kubeflare's implementation of an upstream controller makes a call upstream's does not,
 * the extra right is granted by a separate `system:kubeflare:<account>` role bound to the same
 * ServiceAccount, so the upstream role stays exactly upstream's.
 */
const KUBEFLARE_EXTRAS: Record<string, PolicyRule[]> = {
  // writes the revision annotations with a merge patch where upstream Updates the whole Deployment
  'deployment-controller': [rule(['patch'], [APPS], ['deployments'])],
};

/** upstream's NodeRules(): what the Node authorizer grants every kubelet (system:nodes). */
export function nodeRules(): PolicyRule[] {
  return [
    rule(['create'], [AUTHENTICATION], ['tokenreviews']),
    rule(['create'], [AUTHORIZATION], ['subjectaccessreviews', 'localsubjectaccessreviews']),
    rule(READ, [CORE], ['services']),
    rule(['create', 'get', 'list', 'watch'], [CORE], ['nodes']),
    rule(['update', 'patch'], [CORE], ['nodes/status']),
    rule(['update', 'patch'], [CORE], ['nodes']),
    rule(['create', 'update', 'patch'], [CORE], ['events']),
    rule(READ, [CORE], ['pods']),
    rule(['create', 'delete'], [CORE], ['pods']),
    rule(['update', 'patch'], [CORE], ['pods/status']),
    rule(['create'], [CORE], ['pods/eviction']),
    rule(READ, [CORE], ['secrets', 'configmaps']),
    rule(['get'], [CORE], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['get'], [CORE], ['endpoints']),
    rule(['create', 'get', 'list', 'watch'], [CERTIFICATES], ['certificatesigningrequests']),
    rule(['get', 'create', 'update', 'patch', 'delete'], [COORDINATION], ['leases']),
    rule(['get'], [STORAGE], ['volumeattachments']),
    rule(['get', 'update', 'patch'], [CORE], ['persistentvolumeclaims/status']),
    rule(['create'], [CORE], ['serviceaccounts/token']),
    rule(['get', 'watch', 'list'], [STORAGE], ['csidrivers']),
    rule(['get', 'create', 'update', 'patch', 'delete'], [STORAGE], ['csinodes']),
    rule(READ, ['node.k8s.io'], ['runtimeclasses']),
  ];
}

/** The kube-scheduler's role (policy.go kubeSchedulerRules). */
function kubeSchedulerRules(): PolicyRule[] {
  return [
    events(),
    rule(['create'], [COORDINATION], ['leases']),
    rule(['get', 'update'], [COORDINATION], ['leases'], ['kube-scheduler']),
    rule(['create'], [CORE], ['endpoints']),
    rule(['get', 'update'], [CORE], ['endpoints'], ['kube-scheduler']),
    rule(READ, [CORE], ['nodes']),
    rule(['get', 'list', 'watch', 'delete'], [CORE], ['pods']),
    rule(['create'], [CORE], ['pods/binding', 'bindings']),
    rule(['patch', 'update'], [CORE], ['pods/status']),
    rule(READ, [CORE], ['services', 'replicationcontrollers']),
    rule(READ, [APPS, EXTENSIONS], ['replicasets']),
    rule(READ, [APPS], ['statefulsets']),
    rule(READ, [POLICY], ['poddisruptionbudgets']),
    rule(READ, [CORE], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['create'], [AUTHENTICATION], ['tokenreviews']),
    rule(['create'], [AUTHORIZATION], ['subjectaccessreviews']),
    rule(READ, [STORAGE], ['csinodes']),
    rule(READ, [CORE], ['namespaces']),
    rule(READ, [STORAGE], ['csidrivers']),
    rule(READ, [STORAGE], ['csistoragecapacities']),
  ];
}

/** The users and groups upstream's components authenticate as (k8s.io/apiserver/pkg/authentication/user). */
export const KUBE_SCHEDULER = 'system:kube-scheduler';
export const KUBE_CONTROLLER_MANAGER = 'system:kube-controller-manager';
export const NODES_GROUP = 'system:nodes';
/** kubeflare's extra role for every kubelet (beside NodeRules) and for the scheduler. */
const KUBEFLARE_PREFIX = 'system:kubeflare:';
export const KUBEFLARE_NODE_ROLE = `${KUBEFLARE_PREFIX}node`;
export const KUBEFLARE_SCHEDULER_ROLE = `${KUBEFLARE_PREFIX}kube-scheduler`;

/** The controllers' ClusterRoles, the scheduler's, system:node and kubeflare's component roles. */
export function componentClusterRoles(): ClusterRole[] {
  const controllers = { ...UPSTREAM_CONTROLLERS, ...KUBEFLARE_CONTROLLERS };
  return [
    ...Object.entries(controllers).map(([name, rules]) => clusterRole(`${CONTROLLER_PREFIX}${name}`, rules)),
    clusterRole(KUBE_SCHEDULER, kubeSchedulerRules()),
    clusterRole('system:volume-scheduler', [rule(READ_UPDATE, [CORE], ['persistentvolumes']), rule(READ, [STORAGE], ['storageclasses']), rule(READ_UPDATE, [CORE], ['persistentvolumeclaims'])]),
    clusterRole(KUBE_CONTROLLER_MANAGER, [
      events(),
      rule(['create'], [COORDINATION], ['leases']),
      rule(['get', 'update'], [COORDINATION], ['leases'], ['kube-controller-manager']),
      rule(['create'], [CORE], ['secrets', 'serviceaccounts']),
      rule(['delete'], [CORE], ['secrets']),
      rule(['get'], [CORE], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
      rule(['update'], [CORE], ['secrets', 'serviceaccounts']),
      rule(['create'], [AUTHENTICATION], ['tokenreviews']),
      rule(['create'], [AUTHORIZATION], ['subjectaccessreviews']),
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['create'], [CORE], ['serviceaccounts/token']),
    ]),
    clusterRole('system:node', nodeRules()),
    // the simulated kubelet reads the WorkloadProfiles that drive its pods' CPU and memory, and its
    // NodePool's kubelet settings (eviction thresholds, reserved resources)
    clusterRole(KUBEFLARE_NODE_ROLE, [rule(READ, [KUBEFLARE], ['workloadprofiles']), rule(['get'], [KUBEFLARE], ['nodepools'])]),
    ...Object.entries(KUBEFLARE_EXTRAS).map(([account, rules]) => clusterRole(`${KUBEFLARE_PREFIX}${account}`, rules)),
    // the scheduler reads its configuration from a ConfigMap (upstream: a file) and, in small
    // clusters, annotates each pod it binds with its per-node scores (kubectl describe shows why)
    clusterRole(KUBEFLARE_SCHEDULER_ROLE, [rule(['get'], [CORE], ['configmaps'], ['kube-scheduler-config']), rule(['patch'], [CORE], ['pods'])]),
  ];
}

/** Their ClusterRoleBindings: each controller role to its kube-system ServiceAccount, as upstream's addControllerRole. */
export function componentClusterRoleBindings(): ClusterRoleBinding[] {
  const controllers = [...Object.keys(UPSTREAM_CONTROLLERS), ...Object.keys(KUBEFLARE_CONTROLLERS)];
  return [
    ...controllers.map((name) => binding(`${CONTROLLER_PREFIX}${name}`, `${CONTROLLER_PREFIX}${name}`, [`ServiceAccount:kube-system:${name}`])),
    binding(KUBE_SCHEDULER, KUBE_SCHEDULER, [`User:${KUBE_SCHEDULER}`]),
    binding('system:volume-scheduler', 'system:volume-scheduler', [`User:${KUBE_SCHEDULER}`]),
    binding(KUBE_CONTROLLER_MANAGER, KUBE_CONTROLLER_MANAGER, [`User:${KUBE_CONTROLLER_MANAGER}`]),
    // upstream keeps this binding without subjects: the Node authorizer grants NodeRules instead
    { ...binding('system:node', 'system:node', []), subjects: undefined },
    binding(KUBEFLARE_NODE_ROLE, KUBEFLARE_NODE_ROLE, [`Group:${NODES_GROUP}`]),
    ...Object.keys(KUBEFLARE_EXTRAS).map((account) => binding(`${KUBEFLARE_PREFIX}${account}`, `${KUBEFLARE_PREFIX}${account}`, [`ServiceAccount:kube-system:${account}`])),
    binding(KUBEFLARE_SCHEDULER_ROLE, KUBEFLARE_SCHEDULER_ROLE, [`User:${KUBE_SCHEDULER}`]),
  ];
}
