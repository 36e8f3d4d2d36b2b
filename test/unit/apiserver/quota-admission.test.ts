// Rows after upstream's plugin/pkg/admission/resourcequota/admission_test.go (TestAdmit*), the evaluators'
// tests (pkg/quota/v1/evaluator/core) and resource.Quantity's String/Add, run through admitQuota with the
// namespace's objects counted as the store counts them.
import { describe, expect, it } from 'vitest';
import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../shared/api/object';
import { ApiError } from '../../../shared/api/errors';
import { admitQuota, type QuotaWrite } from '../../../shared/apiserver/quota-admission';
import { addQty, formatQty, parseQty } from '../../../shared/apiserver/quota-quantity';
import { quotaStatus } from '../../../shared/apiserver/quota-status';

const NOW = Date.parse('2024-05-01T12:00:00Z');

const quota = (hard: Record<string, string>, spec: Partial<NonNullable<ResourceQuota['spec']>> = {}, name = 'quota'): ResourceQuota => ({ metadata: { name, namespace: 'test' }, spec: { hard, ...spec } });
const pod = (name: string, requests: Record<string, string> = {}, limits: Record<string, string> = {}, extra: Partial<Pod['spec']> = {}, phase = 'Running'): KubeObject =>
  ({
    metadata: { name, namespace: 'test' },
    spec: { containers: [{ name: 'c', image: 'i', resources: { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) } }], ...extra },
    status: { phase },
  }) as KubeObject;

function write(storageKey: string, next: KubeObject, quotas: ResourceQuota[], stored: KubeObject[], old: KubeObject | null = null): ResourceQuota[] {
  const w: QuotaWrite = { storageKey, plural: storageKey.split('.')[0]!, group: storageKey.split('.').slice(1).join('.'), name: next.metadata?.name ?? '', old, next, quotas, stored: () => stored, nowMs: NOW };
  return admitQuota(w);
}

function refused(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('admitted');
}

// three pods using cpu 1 and memory 50Gi between them, as the tests' status.used says
const existing = [pod('a', { cpu: '500m', memory: '20Gi' }), pod('b', { cpu: '250m', memory: '20Gi' }), pod('c', { cpu: '250m', memory: '10Gi' })];

describe('ResourceQuota admission (admission_test.go)', () => {
  it('TestAdmitBelowQuotaLimit: admitted, and the quota is charged', () => {
    const q = quota({ cpu: '3', memory: '100Gi', pods: '5' });
    const [updated] = write('pods', pod('new', { cpu: '100m', memory: '2Gi' }), [q], existing);
    expect(updated!.status).toEqual({ hard: { cpu: '3', memory: '100Gi', pods: '5' }, used: { cpu: '1100m', memory: '52Gi', pods: '4' } });
  });

  it('TestAdmitExceedQuotaLimit: refused with the exceeded resource only', () => {
    const q = quota({ cpu: '3', memory: '100Gi', pods: '5' });
    const err = refused(() => write('pods', pod('new', { cpu: '3', memory: '2Gi' }), [q], existing));
    expect(err.code).toBe(403);
    expect(err.reason).toBe('Forbidden');
    expect(err.message).toBe('pods "new" is forbidden: exceeded quota: quota, requested: cpu=3, used: cpu=1, limited: cpu=3');
  });

  it('object counts: pods=2 full', () => {
    const err = refused(() => write('pods', pod('p3'), [quota({ pods: '2' }, {}, 'q')], [pod('p1'), pod('p2')]));
    expect(err.message).toBe('pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it('TestAdmitEnforceQuotaConstraints: limits must be stated once quota constrains them', () => {
    const q = quota({ cpu: '3', memory: '100Gi', 'limits.cpu': '3', 'limits.memory': '100Gi', pods: '5' });
    const err = refused(() => write('pods', pod('new', { cpu: '100m', memory: '2Gi' }, {}, { initContainers: [{ name: 'init', image: 'i' }] }), [q], []));
    expect(err.message).toBe('pods "new" is forbidden: failed quota: quota: must specify cpu for: init; limits.cpu for: c,init; limits.memory for: c,init; memory for: init');
  });

  it('terminal pods and pods past their grace period are not charged; count/pods counts them all', () => {
    const done = [pod('s', { cpu: '1' }, {}, {}, 'Succeeded'), pod('f', { cpu: '1' }, {}, {}, 'Failed'), { ...pod('gone', { cpu: '1' }), metadata: { name: 'gone', deletionTimestamp: '2024-05-01T11:59:00Z' } } as KubeObject];
    const [updated] = write('pods', pod('new', { cpu: '1' }), [quota({ 'requests.cpu': '1', 'count/pods': '10' })], done);
    expect(updated!.status!.used).toEqual({ 'requests.cpu': '1', 'count/pods': '4' });
  });

  it('TestAdmitBelowBestEffortQuotaLimit: a BestEffort quota charges best-effort pods only', () => {
    const q = quota({ pods: '1' }, { scopes: ['BestEffort'] });
    expect(write('pods', pod('sized', { cpu: '100m' }, { cpu: '100m' }), [q], [pod('be')])).toEqual([]);
    expect(refused(() => write('pods', pod('be2'), [q], [pod('be')])).message).toBe('pods "be2" is forbidden: exceeded quota: quota, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('NotTerminating and PriorityClass scope selectors', () => {
    const q = quota({ pods: '1' }, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } });
    expect(write('pods', pod('low', {}, {}, { priorityClassName: 'low' }), [q], [pod('h1', {}, {}, { priorityClassName: 'high' })])).toEqual([]);
    expect(refused(() => write('pods', pod('h2', {}, {}, { priorityClassName: 'high' }), [q], [pod('h1', {}, {}, { priorityClassName: 'high' })])).message).toContain('exceeded quota: quota, requested: pods=1, used: pods=1, limited: pods=1');
    const terminating = quota({ pods: '1' }, { scopes: ['Terminating'] });
    expect(write('pods', pod('long'), [terminating], [pod('t', {}, {}, { activeDeadlineSeconds: 60 })])).toEqual([]);
  });

  it('configmaps, secrets and count/<resource>.<group> are object counts', () => {
    const cm = { metadata: { name: 'two', namespace: 'test' }, data: {} } as KubeObject;
    expect(refused(() => write('configmaps', cm, [quota({ configmaps: '1' })], [{ metadata: { name: 'one' } } as KubeObject])).message).toBe(
      'configmaps "two" is forbidden: exceeded quota: quota, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
    const deploy = { metadata: { name: 'd2', namespace: 'test' } } as KubeObject;
    expect(refused(() => write('deployments.apps', deploy, [quota({ 'count/deployments.apps': '1' })], [{ metadata: { name: 'd1' } } as KubeObject])).message).toBe(
      'deployments.apps "d2" is forbidden: exceeded quota: quota, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
  });

  it('claims: requests.storage, per class, and expansion on update', () => {
    const claim = (name: string, storage: string, cls = 'gold') => ({ metadata: { name, namespace: 'test' }, spec: { storageClassName: cls, resources: { requests: { storage } } } }) as KubeObject;
    const q = quota({ 'requests.storage': '10Gi', 'gold.storageclass.storage.k8s.io/requests.storage': '5Gi', persistentvolumeclaims: '5' });
    const [charged] = write('persistentvolumeclaims', claim('c2', '2Gi'), [q], [claim('c1', '2Gi')]);
    expect(charged!.status!.used).toEqual({ 'requests.storage': '4Gi', 'gold.storageclass.storage.k8s.io/requests.storage': '4Gi', persistentvolumeclaims: '2' });
    expect(refused(() => write('persistentvolumeclaims', claim('c2', '4Gi'), [q], [claim('c1', '2Gi')])).message).toBe(
      'persistentvolumeclaims "c2" is forbidden: exceeded quota: quota, requested: gold.storageclass.storage.k8s.io/requests.storage=4Gi, used: gold.storageclass.storage.k8s.io/requests.storage=2Gi, limited: gold.storageclass.storage.k8s.io/requests.storage=5Gi',
    );
    // growing c1 from 2Gi to 6Gi asks for 4Gi more
    expect(refused(() => write('persistentvolumeclaims', claim('c1', '6Gi'), [q], [claim('c1', '2Gi')], claim('c1', '2Gi'))).message).toContain('requested: gold.storageclass.storage.k8s.io/requests.storage=4Gi, used: gold.storageclass.storage.k8s.io/requests.storage=2Gi');
  });

  it('services: node ports and load balancers', () => {
    const svc = (name: string, type: string, ports = 1) => ({ metadata: { name }, spec: { type, ports: Array.from({ length: ports }, (_, i) => ({ port: 80 + i })) } }) as KubeObject;
    const q = quota({ 'services.nodeports': '2', 'services.loadbalancers': '1' });
    expect(refused(() => write('services', svc('np', 'NodePort', 2), [q], [svc('lb', 'LoadBalancer')])).message).toBe(
      'services "np" is forbidden: exceeded quota: quota, requested: services.nodeports=2, used: services.nodeports=1, limited: services.nodeports=2',
    );
    expect(write('services', svc('plain', 'ClusterIP'), [q], [])).toEqual([]);
  });
});

describe('resource quota controller status (syncResourceQuota)', () => {
  it('hard from spec, used for every hard name, "0" when nothing uses it', () => {
    const q = quota({ pods: '5', 'requests.cpu': '2', 'limits.memory': '1Gi', 'count/configmaps': '3' });
    const lists: Record<string, KubeObject[]> = { pods: [pod('a', { cpu: '250m' }, { memory: '128Mi' }), pod('b', { cpu: '250m' }, { memory: '128Mi' })], configmaps: [] };
    expect(quotaStatus(q, (k) => lists[k], NOW)).toEqual({ hard: q.spec!.hard, used: { pods: '2', 'requests.cpu': '500m', 'limits.memory': '256Mi', 'count/configmaps': '0' } });
  });
});

describe('resource.Quantity as quota prints it', () => {
  it.each([
    ['1.5Gi', '1536Mi'],
    ['1500m', '1500m'],
    ['2000m', '2'],
    ['1500', '1500'],
    ['1000000', '1M'],
    ['0.5', '500m'],
    ['1e3', '1e3'],
    ['10Ti', '10Ti'],
    ['1536', '1536'],
    ['0', '0'],
  ])('%s prints %s', (q, want) => {
    expect(formatQty(parseQty(q)!)).toBe(want);
  });

  it('a sum keeps the first non-zero operand format', () => {
    expect(formatQty(addQty(parseQty('128Mi')!, parseQty('128Mi')!))).toBe('256Mi');
    expect(formatQty(addQty(parseQty('0')!, parseQty('1Gi')!))).toBe('1Gi');
    expect(formatQty(addQty(parseQty('1')!, parseQty('500m')!))).toBe('1500m');
  });
});
