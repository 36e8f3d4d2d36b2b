// NodePort allocation: the pure decisions (upstream alloc.go / portallocator behaviour) and the stores'
// wiring (recorded in the cluster store, refused when taken, released on delete and type change).
import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject } from '../../../shared/api/object';
import { allocateNodePorts, keepAllocatedNodePorts, nodePortsFreed, wantsNodePorts } from '../../../shared/apiserver/node-port';
import { MemoryCluster, RpcClient } from '../../../shared/client';

const svc = (spec: Record<string, unknown>, name = 'web'): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
const ports = (o: KubeObject) => ((o.spec as Service['spec'])!.ports ?? []).map((p) => p.nodePort);
const fixed = () => 0.5;

function error(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('allocateNodePorts', () => {
  it('picks free ports from the upper band (30086-32767) for each port of a NodePort service', () => {
    const { service, allocated } = allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] }), [], fixed);
    expect(allocated).toHaveLength(2);
    expect(ports(service)).toEqual(allocated);
    for (const p of allocated) expect(p).toBeGreaterThanOrEqual(30086);
    expect(new Set(allocated).size).toBe(2);
  });

  it('honours a requested port, and refuses it with upstream’s messages when taken or out of range', () => {
    expect(allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), [], fixed).allocated).toEqual([30080]);
    const taken = error(() => allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), [30080], fixed));
    expect(taken.code).toBe(422);
    expect(taken.message).toBe('Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const range = error(() => allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ port: 80 }, { name: 'x', port: 81, nodePort: 8080 }] }), [], fixed));
    expect(range.message).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('one service port number under two protocols shares its node port (initNodePorts)', () => {
    const { service, allocated } = allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ name: 'u', port: 53, protocol: 'UDP' }, { name: 't', port: 53, protocol: 'TCP' }] }), [], fixed);
    expect(allocated).toHaveLength(1);
    expect(ports(service)).toEqual([allocated[0], allocated[0]]);
  });

  it('uses the lower band once the upper one is full, and fails with the range full', () => {
    const upper = Array.from({ length: 32767 - 30086 + 1 }, (_, i) => 30086 + i);
    const { allocated } = allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ port: 80 }] }), upper, fixed);
    expect(allocated[0]).toBeLessThan(30086);
    const all = Array.from({ length: 2768 }, (_, i) => 30000 + i);
    expect(error(() => allocateNodePorts(null, svc({ type: 'NodePort', ports: [{ port: 80 }] }), all, fixed)).message).toBe(
      'Internal error occurred: failed to allocate a nodePort: range is full',
    );
  });

  it('a LoadBalancer with allocateLoadBalancerNodePorts false gets none, but keeps requested ones', () => {
    const lb = svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 31001 }] });
    expect(ports(allocateNodePorts(null, lb, [], fixed).service)).toEqual([undefined, 31001]);
  });

  it('a LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort (requested or picked)', () => {
    const local = allocateNodePorts(null, svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }), [], fixed);
    expect(local.allocated).toHaveLength(2);
    expect((local.service.spec as Service['spec'])!.healthCheckNodePort).toBe(local.allocated[1]);
    const requested = allocateNodePorts(null, svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, ports: [{ port: 80 }] }), [], fixed);
    expect(requested.allocated).toContain(32000);
    expect(error(() => allocateNodePorts(null, svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, ports: [{ port: 80 }] }), [32000], fixed)).message).toBe(
      'Internal error occurred: failed to allocate requested HealthCheck NodePort 32000: provided port is already allocated',
    );
  });

  it('an update keeps the ports the service holds and allocates only new ones', () => {
    const old = svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }] });
    const next = svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81 }] });
    const { service, allocated } = allocateNodePorts(old, next, [30080], fixed);
    expect(allocated).toHaveLength(1);
    expect(ports(service)).toEqual([30080, allocated[0]]);
    expect(wantsNodePorts(old, old)).toBe(false);
    expect(wantsNodePorts(old, next)).toBe(true);
  });
});

describe('keepAllocatedNodePorts and nodePortsFreed', () => {
  const old = svc({ type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  it('an update that leaves node ports out keeps them (patchAllocatedValues)', () => {
    expect(ports(keepAllocatedNodePorts(old, svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] })))).toEqual([30080]);
  });
  it('a change to ClusterIP that did not touch them drops them (dropTypeDependentFields), and they are freed', () => {
    const next = keepAllocatedNodePorts(old, svc({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, nodePort: 30080 }] }));
    expect(ports(next)).toEqual([undefined]);
    expect(nodePortsFreed('MODIFIED', old, next)).toEqual([30080]);
    expect(nodePortsFreed('DELETED', null, old)).toEqual([30080]);
  });
});

describe('node ports through the stores', () => {
  const SERVICES = { group: '', version: 'v1', plural: 'services' };
  const make = () => {
    const cluster = new MemoryCluster();
    const client = new RpcClient({ storeOf: cluster.storeOf, namespaces: cluster.namespaces });
    return { cluster, services: client.resource<Service>(SERVICES).namespace('default') };
  };
  const nodePortService = (name: string, nodePort?: number): Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { type: 'NodePort', selector: { app: name }, ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] },
  });

  it('is recorded cluster-wide, refused to a second service, and released on delete', async () => {
    const { cluster, services } = make();
    const a = await services.create(nodePortService('a', 30080));
    expect(a.spec!.ports![0]!.nodePort).toBe(30080);
    await expect(services.create(nodePortService('b', 30080))).rejects.toThrow('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(cluster.store('ns:default').table.get('services', 'b')).toBeNull();
    await services.delete('a');
    expect((await services.create(nodePortService('b', 30080))).spec!.ports![0]!.nodePort).toBe(30080);
  });

  it('a type change to NodePort allocates, back to ClusterIP releases', async () => {
    const { cluster, services } = make();
    await services.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const np = await services.patch('web', 'merge', { spec: { type: 'NodePort' } });
    const port = np.spec!.ports![0]!.nodePort!;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(cluster.store('cluster').table.allocated('node-ports')).toEqual(new Set([String(port)]));
    // a replace that leaves the node port out keeps it
    const { metadata, spec } = await services.get('web');
    const replaced = await services.update({ apiVersion: 'v1', kind: 'Service', metadata, spec: { ...spec, ports: [{ port: 80 }] } });
    expect(replaced.spec!.ports![0]!.nodePort).toBe(port);
    const back = await services.patch('web', 'merge', { spec: { type: 'ClusterIP' } });
    expect(back.spec!.ports![0]!.nodePort).toBeUndefined();
    expect(cluster.store('cluster').table.allocated('node-ports')).toEqual(new Set());
  });
});
