// Upstream 1.32's bootstrap configuration (k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go):
// the mandatory objects the server always restores and the suggested ones an operator may edit or delete.
import type { FlowSchema, PolicyRulesWithSubjects, PriorityLevelConfiguration, Subject } from 'kubernetes-types/flowcontrol/v1';
import { AUTO_UPDATE_ANNOTATION, CATCH_ALL, EXEMPT, FLOWCONTROL_API_VERSION } from './types';

const NODES_GROUP = 'system:nodes';
const KUBE_CONTROLLER_MANAGER = 'system:kube-controller-manager';
const KUBE_SCHEDULER = 'system:kube-scheduler';

const meta = (name: string) => ({ name, annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' } });

function level(name: string, spec: PriorityLevelConfiguration['spec']): PriorityLevelConfiguration {
  return { apiVersion: FLOWCONTROL_API_VERSION, kind: 'PriorityLevelConfiguration', metadata: meta(name), spec };
}

function queued(ncs: number, lendable: number, queues: number, handSize: number, queueLengthLimit = 50): PriorityLevelConfiguration['spec'] {
  return {
    type: 'Limited',
    limited: { nominalConcurrencyShares: ncs, lendablePercent: lendable, limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit } } },
  };
}

function schema(name: string, pl: string, precedence: number, distinguisher: 'ByUser' | 'ByNamespace' | '', ...rules: PolicyRulesWithSubjects[]): FlowSchema {
  return {
    apiVersion: FLOWCONTROL_API_VERSION,
    kind: 'FlowSchema',
    metadata: meta(name),
    spec: {
      priorityLevelConfiguration: { name: pl },
      matchingPrecedence: precedence,
      ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}),
      rules,
    },
  };
}

const groups = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'Group', group: { name } }));
const users = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'User', user: { name } }));
const kubeSystemServiceAccounts = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name } }));

/** Every verb on every resource (cluster scope and every namespace) and every non-resource URL. */
function everything(subjects: Subject[]): PolicyRulesWithSubjects {
  return {
    subjects,
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  };
}

const leaderElectionRules = (configMapNamespaces: string[]) => [
  { verbs: ['get', 'create', 'update'], apiGroups: [''], resources: ['endpoints', 'configmaps'], namespaces: configMapNamespaces, clusterScope: false },
  { verbs: ['get', 'create', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'], clusterScope: false },
];

/** The mandatory levels: exempt and catch-all (Reject, 5 shares). */
export function mandatoryPriorityLevels(): PriorityLevelConfiguration[] {
  return [
    level(EXEMPT, { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } }),
    level(CATCH_ALL, { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } }),
  ];
}

/** The mandatory schemas: system:masters → exempt (precedence 1), everyone → catch-all (10000). */
export function mandatoryFlowSchemas(): FlowSchema[] {
  return [
    schema(EXEMPT, EXEMPT, 1, '', everything(groups('system:masters'))),
    schema(CATCH_ALL, CATCH_ALL, 10000, 'ByUser', everything(groups('system:unauthenticated', 'system:authenticated'))),
  ];
}

/** The suggested levels, with upstream's shares, lendable percentages and queuing. */
export function suggestedPriorityLevels(): PriorityLevelConfiguration[] {
  return [
    level('system', queued(30, 33, 64, 6)),
    level('node-high', queued(40, 25, 64, 6)),
    level('leader-election', queued(10, 0, 16, 4)),
    level('workload-high', queued(40, 50, 128, 6)),
    level('workload-low', queued(100, 90, 128, 6)),
    level('global-default', queued(20, 50, 128, 6)),
  ];
}

/** The suggested schemas, in upstream's order. */
export function suggestedFlowSchemas(): FlowSchema[] {
  return [
    schema('system-nodes', 'system', 500, 'ByUser', everything(groups(NODES_GROUP))),
    schema('system-node-high', 'node-high', 400, 'ByUser', {
      subjects: groups(NODES_GROUP),
      resourceRules: [
        { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], namespaces: ['*'], clusterScope: true },
        { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'], clusterScope: false },
      ],
    }),
    schema('probes', EXEMPT, 2, '', {
      subjects: groups('system:unauthenticated', 'system:authenticated'),
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
    }),
    schema('system-leader-election', 'leader-election', 100, 'ByUser', {
      subjects: [...users(KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER), ...kubeSystemServiceAccounts('*')],
      resourceRules: leaderElectionRules(['kube-system']),
    }),
    schema('endpoint-controller', 'workload-high', 150, 'ByUser', {
      subjects: [...users(KUBE_CONTROLLER_MANAGER), ...kubeSystemServiceAccounts('endpoint-controller', 'endpointslicemirroring-controller')],
      resourceRules: [{ verbs: ['get', 'create', 'update'], apiGroups: [''], resources: ['endpoints'], namespaces: ['*'], clusterScope: false }],
    }),
    schema('workload-leader-election', 'leader-election', 200, 'ByUser', {
      subjects: kubeSystemServiceAccounts('*'),
      resourceRules: leaderElectionRules(['*']),
    }),
    schema('kube-controller-manager', 'workload-high', 800, 'ByNamespace', everything(users(KUBE_CONTROLLER_MANAGER))),
    schema('kube-scheduler', 'workload-high', 800, 'ByNamespace', everything(users(KUBE_SCHEDULER))),
    schema('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', everything(kubeSystemServiceAccounts('*'))),
    schema('service-accounts', 'workload-low', 9000, 'ByUser', everything(groups('system:serviceaccounts'))),
    schema('global-default', 'global-default', 9900, 'ByUser', everything(groups('system:unauthenticated', 'system:authenticated'))),
  ];
}
