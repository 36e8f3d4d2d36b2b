// The kubelet reads a pod's ConfigMaps and Secrets when its step needs them (mounting the volumes at the pod's
// start and at each FailedMount retry, creating a container), not at every step of a pod that runs.
import { describe, expect, it } from 'vitest';
import { kubeletController } from '../../durable-objects/controllers/kubelet-controller';
import { countingContext, type StoreCall } from './counting-context';
import { api, freshNamespace } from './helpers';

const MINUTE = 60_000;

describe('kubelet ConfigMap and Secret reads', () => {
  it('a running pod’s later steps read none; a pod waiting for a missing ConfigMap reads it at every retry', async () => {
    const node = `cfg-node-${Date.now().toString(36)}`;
    const created = await api('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node, labels: { 'kubeflare.dev/node-pool': 'none', 'kubernetes.io/os': 'linux' } },
      spec: { podCIDR: '10.251.0.0/24' },
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '10' }, allocatable: { cpu: '4', memory: '8Gi', pods: '10' } },
    });
    expect(created.status).toBe(201);
    const ns = await freshNamespace();
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } })).status).toBe(201);
    const pod = (name: string, configMap: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        nodeName: node,
        automountServiceAccountToken: false,
        containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: configMap, key: 'mode', optional: true } } }], volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] }],
        volumes: [{ name: 'cfg', configMap: { name: configMap } }],
      },
    });
    for (const [name, cm] of [['runs', 'settings'], ['waits', 'absent']]) expect((await api('POST', `/api/v1/namespaces/${ns}/pods`, pod(name, cm))).status).toBe(201);

    const log: StoreCall[] = [];
    const start = countingContext([], 'kubelet', log);
    /** The ConfigMaps the kubelet read in one step of both pods, `minutes` after the first. */
    const step = async (minutes: number) => {
      log.length = 0;
      const results = await kubeletController.reconcileBatch!([`pod/${ns}/runs`, `pod/${ns}/waits`], { ...start, now: start.now + minutes * MINUTE });
      expect(Object.values(results).filter((r) => r.error)).toEqual([]);
      return log.filter((c) => c.call === `ns:${ns}.get` && (c.args[0] as { plural: string }).plural === 'configmaps').map((c) => c.args[1]).sort();
    };
    // the start mounts both pods' volumes; a minute on, the running pod's container was created (env), and the
    // waiting one retried its mount (its FailedMount back-off is well under a minute at first)
    expect(await step(0)).toEqual(['absent', 'settings']);
    expect(await step(1)).toEqual(['absent', 'settings']);
    // from then on the running pod needs nothing; the waiting one reads at its retries
    expect(await step(10)).toEqual(['absent']);
    expect(await step(20)).toEqual(['absent']);
    const events = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items as { reason: string; involvedObject: { name: string }; message: string }[];
    expect(events.find((e) => e.involvedObject.name === 'waits' && e.reason === 'FailedMount')?.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found');

    await api('DELETE', `/api/v1/nodes/${node}`);
  });
});
