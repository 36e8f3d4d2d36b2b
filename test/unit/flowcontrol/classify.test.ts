// Classification against upstream's bootstrap configuration (the examples of network-and-apf.md §5 and
// the precedence rules of apf_controller.go), plus rows after upstream's match_test.go.
import { describe, expect, it } from 'vitest';
import { resolveRequestInfo } from '../../../shared/auth/request-info';
import type { UserInfo } from '../../../shared/auth/user-info';
import { classify, mandatoryFlowSchemas, mandatoryPriorityLevels, orderFlowSchemas, suggestedFlowSchemas, suggestedPriorityLevels, type FlowSchema } from '../../../shared/flowcontrol';

const levels = new Set([...mandatoryPriorityLevels(), ...suggestedPriorityLevels()].map((l) => l.metadata!.name!));
const ordered = orderFlowSchemas([...mandatoryFlowSchemas(), ...suggestedFlowSchemas()], levels);
const authed = (username: string, ...groups: string[]): UserInfo => ({ username, groups: [...groups, 'system:authenticated'] });
const req = (method: string, path: string, query = '') => resolveRequestInfo(method, path, new URLSearchParams(query));
const fsOf = (user: UserInfo, method: string, path: string, query = '') => {
  const c = classify(ordered, user, req(method, path, query));
  return c && `${c.flowSchema.metadata?.name}/${c.distinguisher}`;
};

describe('classify against the bootstrap configuration', () => {
  it.each([
    ['a system:masters user is exempt', authed('admin', 'system:masters'), 'DELETE', '/api/v1/namespaces/x/pods/p', 'exempt/'],
    ['probes are exempt for everyone', { username: 'system:anonymous', groups: ['system:unauthenticated'] }, 'GET', '/readyz', 'probes/'],
    ['a probe subpath too', authed('alice'), 'GET', '/healthz/etcd', 'probes/'],
    ['an ordinary user lands in global-default by user', authed('alice'), 'GET', '/api/v1/namespaces/default/pods', 'global-default/alice'],
    ['the anonymous user too', { username: 'system:anonymous', groups: ['system:unauthenticated'] }, 'GET', '/version', 'global-default/system:anonymous'],
    ['a node reporting its status is node-high', authed('system:node:n1', 'system:nodes'), 'PATCH', '/api/v1/nodes/n1/status', 'system-node-high/system:node:n1'],
    ['a node renewing its lease is node-high', authed('system:node:n1', 'system:nodes'), 'PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1', 'system-node-high/system:node:n1'],
    ['a node reading pods is system', authed('system:node:n1', 'system:nodes'), 'GET', '/api/v1/pods', 'system-nodes/system:node:n1'],
    ['leader election by the controller manager', authed('system:kube-controller-manager'), 'PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kcm', 'system-leader-election/system:kube-controller-manager'],
    ['the controller manager otherwise, by namespace', authed('system:kube-controller-manager'), 'GET', '/apis/apps/v1/namespaces/web/deployments', 'kube-controller-manager/web'],
    ['the controller manager writing endpoints', authed('system:kube-controller-manager'), 'PUT', '/api/v1/namespaces/web/endpoints/svc', 'endpoint-controller/system:kube-controller-manager'],
    ['a kube-system service account, by namespace', authed('system:serviceaccount:kube-system:foo', 'system:serviceaccounts', 'system:serviceaccounts:kube-system'), 'GET', '/api/v1/namespaces/web/pods', 'kube-system-service-accounts/web'],
    ['another service account is workload-low', authed('system:serviceaccount:web:app', 'system:serviceaccounts', 'system:serviceaccounts:web'), 'GET', '/api/v1/namespaces/web/pods', 'service-accounts/system:serviceaccount:web:app'],
    ['a service account of kube-system-x is not kube-system', authed('system:serviceaccount:kube-system-x:a', 'system:serviceaccounts'), 'GET', '/api/v1/pods', 'service-accounts/system:serviceaccount:kube-system-x:a'],
  ])('%s', (_name, user, method, path, want) => expect(fsOf(user, method, path)).toBe(want));
});

describe('classify rules (after upstream match_test.go)', () => {
  const schema = (name: string, precedence: number, rule: FlowSchema['spec'] extends infer S ? S extends { rules?: (infer R)[] } ? R : never : never): FlowSchema => ({
    metadata: { name },
    spec: { priorityLevelConfiguration: { name: 'global-default' }, matchingPrecedence: precedence, rules: [rule] },
  });
  const alice = authed('alice', 'dev');
  const run = (schemas: FlowSchema[], method: string, path: string) => classify(orderFlowSchemas(schemas, levels), alice, req(method, path))?.flowSchema.metadata?.name;

  it('lower precedence wins, then name; dangling schemas are skipped', () => {
    const rule = { subjects: [{ kind: 'User', user: { name: 'alice' } }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] };
    expect(run([schema('b', 10, rule), schema('a', 10, rule), schema('c', 5, rule)], 'GET', '/version')).toBe('c');
    expect(run([schema('b', 10, rule), schema('a', 10, rule)], 'GET', '/version')).toBe('a');
    const dangling = { ...schema('z', 1, rule), spec: { ...schema('z', 1, rule).spec!, priorityLevelConfiguration: { name: 'gone' } } };
    expect(run([dangling, schema('a', 10, rule)], 'GET', '/version')).toBe('a');
  });

  it('resource rules match verb, group, resource or resource/subresource, and namespace or cluster scope', () => {
    const rr = (r: Record<string, unknown>) => schema('m', 10, { subjects: [{ kind: 'Group', group: { name: 'dev' } }], resourceRules: [{ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], ...r }] });
    expect(run([rr({ namespaces: ['web'] })], 'GET', '/apis/apps/v1/namespaces/web/deployments')).toBe('m');
    expect(run([rr({ namespaces: ['web'] })], 'GET', '/apis/apps/v1/namespaces/db/deployments')).toBeUndefined();
    expect(run([rr({ namespaces: ['*'] })], 'GET', '/apis/apps/v1/deployments')).toBeUndefined();
    expect(run([rr({ clusterScope: true })], 'GET', '/apis/apps/v1/deployments')).toBe('m');
    expect(run([rr({ namespaces: ['*'] })], 'DELETE', '/apis/apps/v1/namespaces/web/deployments/d')).toBeUndefined();
    expect(run([rr({ namespaces: ['*'] })], 'GET', '/apis/apps/v1/namespaces/web/deployments/d/scale')).toBeUndefined();
    expect(run([rr({ namespaces: ['*'], resources: ['deployments/scale'] })], 'GET', '/apis/apps/v1/namespaces/web/deployments/d/scale')).toBe('m');
  });

  it('non-resource rules: exact, /* suffix, and a rule path covers the paths below it', () => {
    const nr = (urls: string[]) => schema('n', 10, { subjects: [{ kind: 'User', user: { name: '*' } }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: urls }] });
    expect(run([nr(['/apis/*'])], 'GET', '/apis/apps')).toBe('n');
    expect(run([nr(['/apis/*'])], 'GET', '/api')).toBeUndefined();
    expect(run([nr(['/metrics'])], 'GET', '/metrics')).toBe('n');
    expect(run([nr(['/metrics'])], 'POST', '/metrics')).toBeUndefined();
  });
});
