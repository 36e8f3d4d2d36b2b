import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { DAY, HOUR, MIN, SEC, ago, cells, headers } from './helpers';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'log', image: 'fluent-bit:3' }] },
};
const selector = { matchLabels: { app: 'web' } };

describe('deployment printer', () => {
  it('matches kubectl get deploy headers', () => {
    expect(headers('apps', 'Deployment')).toEqual({
      normal: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    });
  });

  it('deployment mid-rollout', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: ago(5 * MIN) },
      spec: { replicas: 3, selector, template },
      status: { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 },
    };
    expect(cells('apps', 'Deployment', d)).toEqual(['web', '2/3', 1, 2, '5m', 'nginx,log', 'nginx:1.27,fluent-bit:3', 'app=web']);
  });

  // TestPrintDeployment: no status yet, match expressions, undefaulted replicas.
  it('new deployment with expression selector', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'test1' },
      spec: {
        selector: { matchLabels: { foo: 'bar' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] },
        template,
      },
    };
    expect(cells('apps', 'Deployment', d)).toEqual(['test1', '0/1', 0, 0, '<unknown>', 'nginx,log', 'nginx:1.27,fluent-bit:3', '!canary,env in (dev,prod),foo=bar']);
  });
});

describe('replicaset / daemonset / statefulset printers', () => {
  it('replicaset', () => {
    expect(headers('apps', 'ReplicaSet').normal).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-7d4b9c8f5', creationTimestamp: ago(90 * SEC) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } }, template },
      status: { replicas: 3, readyReplicas: 1 },
    };
    expect(cells('apps', 'ReplicaSet', rs)).toEqual(['web-7d4b9c8f5', 3, 3, 1, '90s', 'nginx,log', 'nginx:1.27,fluent-bit:3', 'app=web,pod-template-hash=7d4b9c8f5']);
  });

  it('daemonset', () => {
    expect(headers('apps', 'DaemonSet')).toEqual({
      normal: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
      wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    });
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', creationTimestamp: ago(30 * DAY) },
      spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    };
    expect(cells('apps', 'DaemonSet', ds)).toEqual(['kube-proxy', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '30d', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0', 'k8s-app=kube-proxy']);
    const noSelector = { ...ds, spec: { template: { spec: { containers: [] } } } };
    expect(cells('apps', 'DaemonSet', noSelector).slice(6)).toEqual(['<none>', '30d', '', '', '<none>']);
  });

  it('statefulset', () => {
    expect(headers('apps', 'StatefulSet')).toEqual({ normal: ['NAME', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES'] });
    const ss: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', creationTimestamp: ago(7 * HOUR + 5 * MIN) },
      spec: { replicas: 3, serviceName: 'db', selector, template },
      status: { replicas: 2, readyReplicas: 2 },
    };
    expect(cells('apps', 'StatefulSet', ss)).toEqual(['db', '2/3', '7h5m', 'nginx,log', 'nginx:1.27,fluent-bit:3']);
  });
});
