import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  clusterLeases,
  dataplaneOfNode,
  flannelAnnotations,
  hostVethName,
  lookupRoute,
  parseFlannelConfig,
  pathCost,
  tracePodToPod,
  type FlannelConfig,
  type NodeDataplane,
  type PathEndpoint,
} from '../../../shared/network';

function config(backend: object, network = '10.244.0.0/16'): FlannelConfig {
  const r = parseFlannelConfig(JSON.stringify({ Network: network, Backend: backend }));
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

function node(i: number, zone: string, cfg: FlannelConfig): Node {
  const n: Node = {
    metadata: { name: `n${i}`, labels: { 'topology.kubernetes.io/zone': zone } },
    spec: { podCIDR: `10.244.${i}.0/24` },
    status: { addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + i}` }] },
  };
  return { ...n, metadata: { ...n.metadata, annotations: flannelAnnotations(n, cfg) } };
}

function dataplanes(cfg: FlannelConfig, zones: string[]): NodeDataplane[] {
  const nodes = zones.map((z, i) => node(i, z, cfg));
  const { leases } = clusterLeases(nodes);
  return nodes.map((n) => {
    const r = dataplaneOfNode(cfg, n, leases);
    if (!r.ok) throw new Error(r.error);
    return r.dataplane;
  });
}

const pod = (name: string, node: number, host: number): PathEndpoint => ({ pod: `ns/${name}`, uid: `uid-${name}`, node: `n${node}`, ip: `10.244.${node}.${host}` });
const a = pod('a', 0, 5);
const b = pod('b', 1, 7);

describe('route lookup', () => {
  it('picks the longest prefix', () => {
    const routes = new Map([
      ['10.244.0.0/16', { dst: '10.244.0.0/16', dev: 'flannel0' }],
      ['10.244.1.0/24', { dst: '10.244.1.0/24', dev: 'cni0' }],
    ]);
    expect(lookupRoute(routes, '10.244.1.9')!.dev).toBe('cni0');
    expect(lookupRoute(routes, '10.244.2.9')!.dev).toBe('flannel0');
    expect(lookupRoute(routes, '192.168.0.1')).toBeUndefined();
  });
});

describe('pod to pod across nodes, per backend', () => {
  it('vxlan: flannel.1 with its ARP and FDB entries, VXLAN on UDP 8472, MTU 1450', () => {
    const [d0, d1] = dataplanes(config({ Type: 'vxlan' }), ['z', 'z']);
    const p = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: b, dataplane: d1! }, { port: 80, protocol: 'TCP' });
    expect(p).toMatchObject({ reachable: true, encapsulation: 'VXLAN (VNI 1, UDP 8472)', effectiveBackend: 'vxlan', mtu: 1450, sameNode: false, sameSegment: true });
    expect(p.hops.map((h) => h.device)).toEqual(['eth0', `${hostVethName('uid-a')} → cni0`, 'flannel.1', 'eth0', 'eth0', 'flannel.1', `cni0 → ${hostVethName('uid-b')}`, 'eth0']);
    expect(p.hops[3]!.detail).toBe('UDP 10.0.0.10 → 10.0.0.11:8472, outer MTU 1500');
  });

  it('vxlan with DirectRouting: a plain route on the same segment (host-gw speed, still MTU 1450), VXLAN across segments', () => {
    const [d0, d1, d2] = dataplanes(config({ Type: 'vxlan', DirectRouting: true }), ['z', 'z', 'y']);
    const same = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: b, dataplane: d1! });
    expect(same).toMatchObject({ reachable: true, encapsulation: 'none', effectiveBackend: 'host-gw', mtu: 1450 });
    const far = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: pod('c', 2, 3), dataplane: d2! });
    expect(far).toMatchObject({ reachable: true, encapsulation: 'VXLAN (VNI 1, UDP 8472)', sameSegment: false });
  });

  it('host-gw: via the remote node at MTU 1500; unreachable across segments with flannel\'s error', () => {
    const [d0, d1, d2] = dataplanes(config({ Type: 'host-gw' }), ['z', 'z', 'y']);
    const ok = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: b, dataplane: d1! });
    expect(ok).toMatchObject({ reachable: true, encapsulation: 'none', mtu: 1500 });
    expect(ok.hops[2]).toEqual({ node: 'n0', device: 'eth0', detail: 'route 10.244.1.0/24 via 10.0.0.11 dev eth0, no encapsulation' });
    const far = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: pod('c', 2, 3), dataplane: d2! });
    expect(far.reachable).toBe(false);
    expect(far.reason).toBe('no route to 10.244.2.3 on node n0 (flanneld: Error adding route to 10.244.2.0/24 via 10.0.0.12: network is unreachable)');
  });

  it('udp through flannel0 and flanneld at MTU 1472; wireguard through flannel-wg at 1420', () => {
    const [u0, u1] = dataplanes(config({ Type: 'udp' }), ['z', 'z']);
    const udp = tracePodToPod({ endpoint: a, dataplane: u0! }, { endpoint: b, dataplane: u1! });
    expect(udp).toMatchObject({ reachable: true, encapsulation: 'UDP via flanneld (port 8285)', mtu: 1472 });
    const [w0, w1] = dataplanes(config({ Type: 'wireguard' }), ['z', 'z']);
    expect(tracePodToPod({ endpoint: a, dataplane: w0! }, { endpoint: b, dataplane: w1! })).toMatchObject({ reachable: true, encapsulation: 'WireGuard (UDP 51820)', mtu: 1420 });
  });

  it('a node that has not heard of the other (no lease yet) has no route: unreachable', () => {
    const cfg = config({ Type: 'vxlan' });
    const n0 = node(0, 'z', cfg);
    const d0 = dataplaneOfNode(cfg, n0, clusterLeases([n0]).leases);
    const [, d1] = dataplanes(cfg, ['z', 'z']);
    if (!d0.ok) throw new Error(d0.error);
    expect(tracePodToPod({ endpoint: a, dataplane: d0.dataplane }, { endpoint: b, dataplane: d1! }).reason).toBe('no route to 10.244.1.7 on node n0');
  });

  it('pods on one node cross only the bridge', () => {
    const [d0] = dataplanes(config({ Type: 'vxlan' }), ['z']);
    const p = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: pod('c', 0, 9), dataplane: d0! });
    expect(p).toMatchObject({ reachable: true, sameNode: true, encapsulation: 'none', latencyMicroseconds: 4 });
    expect(p.hops).toHaveLength(4);
  });

  it('a node whose podCIDR is outside the Network cannot acquire its lease', () => {
    const cfg = config({ Type: 'vxlan' }, '10.96.0.0/16');
    expect(dataplaneOfNode(cfg, node(0, 'z', cfg), [])).toEqual({
      ok: false,
      error: 'failed to acquire lease: subnet "10.96.0.0/16" specified in the flannel net config doesn\'t contain "10.244.0.0/24" PodCIDR of the "n0" node',
    });
    const bare = { ...node(0, 'z', cfg), spec: {} };
    expect(dataplaneOfNode(cfg, bare, [])).toEqual({ ok: false, error: 'failed to acquire lease: node "n0" pod cidr not assigned' });
  });
});

describe('a pod on its node\'s network (hostNetwork) sends and receives as the node', () => {
  const hostPod = (name: string, n: number): PathEndpoint => ({ pod: `kube-system/${name}`, uid: `uid-${name}`, node: `n${n}`, ip: `10.0.0.${10 + n}`, hostNetwork: true });
  const hostDevices = (p: { hops: { device: string }[] }) => p.hops.map((h) => h.device);

  it('to a pod on another node: no eth0 or veth of its own, then the flannel route as the node\'s traffic (vxlan)', () => {
    const [d0, d1] = dataplanes(config({ Type: 'vxlan' }), ['z', 'z']);
    const p = tracePodToPod({ endpoint: hostPod('agent', 0), dataplane: d0! }, { endpoint: b, dataplane: d1! }, { port: 80, protocol: 'TCP' });
    expect(p).toMatchObject({ reachable: true, encapsulation: 'VXLAN (VNI 1, UDP 8472)', effectiveBackend: 'vxlan', mtu: 1450 });
    expect(hostDevices(p)).toEqual(['host network', 'flannel.1', 'eth0', 'eth0', 'flannel.1', `cni0 → ${hostVethName('uid-b')}`, 'eth0']);
    expect(p.hops[0]!.detail).toBe("10.0.0.10 → 10.244.1.7:80/TCP: the pod shares node n0's network namespace (hostNetwork), MTU 1500");
    // one veth side fewer than pod to pod
    expect(p.latencyMicroseconds).toBe(tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: b, dataplane: d1! }).latencyMicroseconds! - 2);
  });

  it('to it from a pod on another node: over the node network to the node address, masqueraded, no encapsulation', () => {
    const [d0, d1] = dataplanes(config({ Type: 'vxlan' }), ['z', 'y']);
    const p = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: hostPod('agent', 1), dataplane: d1! }, { port: 9100 });
    expect(p).toMatchObject({ reachable: true, encapsulation: 'none', effectiveBackend: 'host-gw', mtu: 1450, sameSegment: false });
    expect(hostDevices(p)).toEqual(['eth0', `${hostVethName('uid-a')} → cni0`, 'eth0', 'eth0', 'host network']);
    expect(p.hops[2]!.detail).toBe("10.0.0.11 is node n1's address: over the node network, no encapsulation; masqueraded 10.244.0.5 → 10.0.0.10 (leaving the pod network)");
    expect(p.hops[4]!.detail).toBe("delivered to 10.0.0.11, node n1's own address: the pod shares its network namespace (hostNetwork)");
  });

  it('between two hostNetwork pods: node to node at the NIC MTU; on one node, nothing to cross', () => {
    const [d0, d1] = dataplanes(config({ Type: 'vxlan' }), ['z', 'z']);
    const far = tracePodToPod({ endpoint: hostPod('x', 0), dataplane: d0! }, { endpoint: hostPod('y', 1), dataplane: d1! });
    expect(far).toMatchObject({ reachable: true, encapsulation: 'none', mtu: 1500, latencyMicroseconds: 50 });
    expect(hostDevices(far)).toEqual(['host network', 'eth0', 'eth0', 'host network']);
    const near = tracePodToPod({ endpoint: a, dataplane: d0! }, { endpoint: hostPod('x', 0), dataplane: d0! });
    expect(near).toMatchObject({ reachable: true, sameNode: true, mtu: 1450, latencyMicroseconds: 2 });
    expect(hostDevices(near)).toEqual(['eth0', `${hostVethName('uid-a')} → cni0`, 'host network']);
  });
});

describe('path cost per backend', () => {
  const cost = (backend: 'host-gw' | 'vxlan' | 'udp' | 'wireguard', mtu: number, sameSegment = true) => pathCost({ backend, mtu, sameNode: false, sameSegment });
  it('host-gw is fastest, then vxlan (encapsulation), wireguard (encryption), udp (user space) slowest', () => {
    const hg = cost('host-gw', 1500);
    const vx = cost('vxlan', 1450);
    const wg = cost('wireguard', 1420);
    const udp = cost('udp', 1472);
    expect(hg).toEqual({ latencyMicroseconds: 54, throughputMbps: 9492.8 });
    expect(vx).toEqual({ latencyMicroseconds: 66, throughputMbps: 9167.8 });
    expect(wg.throughputMbps).toBe(5520);
    expect(udp).toEqual({ latencyMicroseconds: 124, throughputMbps: 1272.9 });
    expect(cost('vxlan', 1450, false).latencyMicroseconds).toBe(516);
  });
});
