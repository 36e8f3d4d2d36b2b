import { ALL_AUTHENTICATED, serviceAccountGroups, serviceAccountUsername, type UserInfo } from './user-info';
import { KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, NODES_GROUP } from './rbac/component-policy';

/**
 * Who a simulated component acts as. kube-controller-manager's controllers use their own
 * ServiceAccount (--use-service-account-credentials) for what they write, and read through shared
 * informers that list and watch as system:kube-controller-manager; the scheduler is a user; each
 * kubelet is `system:node:<node>` in system:nodes.
 */
export type ComponentIdentity =
  | { kind: 'controller'; user: UserInfo; informer: UserInfo }
  | { kind: 'user'; user: UserInfo }
  | { kind: 'node'; groups: string[] };

/** Controller host name → the ServiceAccount upstream runs that controller as (kube-system/<sa>). */
const CONTROLLER_ACCOUNTS: Record<string, string> = {
  replicaset: 'replicaset-controller',
  deployment: 'deployment-controller',
  'garbage-collector': 'generic-garbage-collector',
  'node-ipam': 'node-controller',
  'node-lifecycle': 'node-controller',
  // the taint manager uses the node-controller's role (kube-controller-manager core.go)
  'taint-eviction': 'node-controller',
  disruption: 'disruption-controller',
  job: 'job-controller',
  cronjob: 'cronjob-controller',
  'ttl-after-finished': 'ttl-after-finished-controller',
  'horizontal-pod-autoscaler': 'horizontal-pod-autoscaler',
  endpointslice: 'endpointslice-controller',
  endpoints: 'endpoint-controller',
  daemonset: 'daemon-set-controller',
  statefulset: 'statefulset-controller',
  'persistent-volume': 'persistent-volume-binder',
  'pvc-protection': 'pvc-protection-controller',
  'pv-protection': 'pv-protection-controller',
  resourcequota: 'resourcequota-controller',
  'root-ca-cert-publisher': 'root-ca-cert-publisher',
  // kubeflare's own (shared/auth/rbac/component-policy.ts KUBEFLARE_CONTROLLERS)
  'node-pool': 'node-pool-controller',
  flannel: 'flannel',
  ingress: 'ingress-controller',
  'virt-controller': 'virt-controller',
  crd: 'crd-controller',
  'webhook-notifier': 'webhook-notifier',
};

const INFORMERS: UserInfo = { username: KUBE_CONTROLLER_MANAGER, groups: [ALL_AUTHENTICATED] };

/** The ServiceAccount user of a controller's account in kube-system. */
export function controllerUser(account: string): UserInfo {
  return { username: serviceAccountUsername('kube-system', account), groups: [...serviceAccountGroups('kube-system'), ALL_AUTHENTICATED] };
}

/** The identity of the component a controller host runs (`kubelet`, `scheduler`, `deployment`…), or undefined if it has none. */
export function componentIdentity(controller: string): ComponentIdentity | undefined {
  if (controller === 'kubelet') return { kind: 'node', groups: [NODES_GROUP, ALL_AUTHENTICATED] };
  if (controller === 'scheduler') return { kind: 'user', user: { username: KUBE_SCHEDULER, groups: [ALL_AUTHENTICATED] } };
  const account = CONTROLLER_ACCOUNTS[controller];
  return account ? { kind: 'controller', user: controllerUser(account), informer: INFORMERS } : undefined;
}
