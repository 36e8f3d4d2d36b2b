// The default/kubernetes Service and its endpoints, created at a cluster's first start.
import { describe, expect, it } from 'vitest';
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { MemoryCluster, RpcClient } from '../../../shared/client';

const make = () => {
  const cluster = new MemoryCluster();
  const client = new RpcClient({ storeOf: cluster.storeOf, namespaces: cluster.namespaces });
  return { cluster, client };
};

describe('default/kubernetes', () => {
  it('is a ClusterIP Service at 10.96.0.1:443 → 6443 whose Endpoints and EndpointSlice name the API server', async () => {
    const { client } = make();
    const svc = await client.resource<Service>({ group: '', version: 'v1', plural: 'services' }).namespace('default').get('kubernetes');
    expect(svc.metadata!.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    });
    expect(svc.spec!.selector).toBeUndefined();
    const ep = await client.resource<Endpoints>({ group: '', version: 'v1', plural: 'endpoints' }).namespace('default').get('kubernetes');
    expect(ep.metadata!.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '192.0.2.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const slice = await client.resource<EndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' }).namespace('default').get('kubernetes');
    expect(slice).toMatchObject({
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.0.2.1'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  });

  it('holds its cluster IP: another service asking for 10.96.0.1 is refused', async () => {
    const { client } = make();
    const services = client.resource<Service>({ group: '', version: 'v1', plural: 'services' }).namespace('default');
    await expect(services.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { clusterIP: '10.96.0.1', ports: [{ port: 80 }] } })).rejects.toThrow(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
  });
});
