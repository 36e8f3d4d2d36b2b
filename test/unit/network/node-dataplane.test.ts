import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  applySubnetEvents,
  flannelAnnotations,
  initDataplane,
  leaseOf,
  nodeDataplane,
  parseFlannelConfig,
  vtepMac,
  type FlannelConfig,
  type SubnetLease,
} from '../../../shared/network';

function config(backend: object): FlannelConfig {
  const r = parseFlannelConfig(JSON.stringify({ Network: '10.244.0.0/16', Backend: backend }));
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

function node(name: string, i: number, zone = 'zone-a'): Node {
  return {
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: { addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + i}` }] },
  };
}

/** The node as flanneld leaves it: annotated for the config's backend, then read back as a lease. */
function lease(cfg: FlannelConfig, n: Node): SubnetLease {
  const annotated = { ...n, metadata: { ...n.metadata, annotations: flannelAnnotations(n, cfg) } };
  const r = leaseOf(annotated);
  if (!r?.ok) throw new Error('no lease');
  return r.lease;
}

const self = (n: Node) => ({ node: n.metadata!.name!, subnet: n.spec!.podCIDR!, publicIP: n.status!.addresses![0]!.address, segment: n.metadata!.labels!['topology.kubernetes.io/zone']! });

describe('flannel node annotations', () => {
  it('vxlan publishes VNI and a VTEP MAC derived from the node name; host-gw null; udp an empty type', () => {
    const n = node('node-1', 1);
    const vx = flannelAnnotations(n, config({ Type: 'vxlan' }))!;
    expect(vx).toEqual({
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${vtepMac('node-1')}"}`,
      'flannel.alpha.coreos.com/public-ip': '10.0.0.11',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    });
    expect(vtepMac('node-1')).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
    expect(vtepMac('node-1')).toBe(vtepMac('node-1'));
    expect(vtepMac('node-1')).not.toBe(vtepMac('node-2'));
    expect(flannelAnnotations(n, config({ Type: 'host-gw' }))!['flannel.alpha.coreos.com/backend-data']).toBe('null');
    expect(flannelAnnotations(n, config({ Type: 'udp' }))!['flannel.alpha.coreos.com/backend-type']).toBe('');
  });

  it('a node without the kube-subnet-manager annotation is no lease yet', () => {
    expect(leaseOf(node('x', 1))).toBeUndefined();
  });
});

describe('vxlan dataplane (pkg/backend/vxlan/vxlan_network.go handleSubnetEvents)', () => {
  const cfg = config({ Type: 'vxlan' });
  const nodes = [node('n0', 0), node('n1', 1), node('n2', 2)];
  const leases = nodes.map((n) => lease(cfg, n));

  it('flannel.1 with MTU 1450 and the subnet address /32; one ARP, one FDB and one onlink route per remote node', () => {
    const dp = nodeDataplane(cfg, self(nodes[0]!), leases);
    expect(dp.links.find((l) => l.name === 'flannel.1')).toMatchObject({ kind: 'vxlan', mtu: 1450, addresses: ['10.244.0.0/32'], vni: 1, port: 8472, local: '10.0.0.10' });
    expect(dp.subnetEnv).toEqual({ FLANNEL_NETWORK: '10.244.0.0/16', FLANNEL_SUBNET: '10.244.0.1/24', FLANNEL_MTU: '1450', FLANNEL_IPMASQ: 'true' });
    expect([...dp.routes.values()]).toEqual([
      { dst: '10.244.0.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.0.1' },
      { dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', onlink: true },
      { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    ]);
    expect([...dp.neighbors.values()]).toEqual([
      { ip: '10.244.1.0', lladdr: vtepMac('n1'), dev: 'flannel.1' },
      { ip: '10.244.2.0', lladdr: vtepMac('n2'), dev: 'flannel.1' },
    ]);
    expect([...dp.fdb.values()]).toEqual([
      { mac: vtepMac('n1'), dst: '10.0.0.11', dev: 'flannel.1' },
      { mac: vtepMac('n2'), dst: '10.0.0.12', dev: 'flannel.1' },
    ]);
  });

  it('a node removed takes its route, ARP and FDB entries with it', () => {
    const dp = applySubnetEvents(nodeDataplane(cfg, self(nodes[0]!), leases), cfg, [{ type: 'removed', lease: leases[2]! }]);
    expect([...dp.routes.keys()]).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect([...dp.neighbors.keys()]).toEqual(['10.244.1.0']);
    expect([...dp.fdb.keys()]).toEqual([vtepMac('n1')]);
  });

  it('DirectRouting: a plain route via the public IP to nodes on the same segment, vxlan to the others', () => {
    const dr = config({ Type: 'vxlan', DirectRouting: true });
    const mixed = [node('n0', 0, 'a'), node('n1', 1, 'a'), node('n2', 2, 'b')];
    const dp = nodeDataplane(dr, self(mixed[0]!), mixed.map((n) => lease(dr, n)));
    expect(dp.routes.get('10.244.1.0/24')).toEqual({ dst: '10.244.1.0/24', via: '10.0.0.11', dev: 'eth0' });
    expect(dp.routes.get('10.244.2.0/24')).toEqual({ dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true });
    expect([...dp.neighbors.keys()]).toEqual(['10.244.2.0']);
  });

  it('leases of another backend are ignored with flannel\'s warning', () => {
    const hostgw = lease(config({ Type: 'host-gw' }), nodes[1]!);
    const dp = nodeDataplane(cfg, self(nodes[0]!), [hostgw]);
    expect(dp.routes.get('10.244.1.0/24')).toBeUndefined();
    expect([...dp.warnings.values()]).toEqual(['ignoring non-vxlan v4Subnet(10.244.1.0/24) v6Subnet(<nil>): type=host-gw']);
  });
});

describe('host-gw dataplane (pkg/backend/route_network.go)', () => {
  const cfg = config({ Type: 'host-gw' });

  it('TestRouteCache: a route via the public IP; a new gateway for the same subnet replaces it', () => {
    const base = initDataplane(cfg, { node: 'lo', subnet: '10.244.0.0/24', publicIP: '127.0.0.1', segment: '' });
    const l1: SubnetLease = { node: 'r', subnet: '192.168.0.0/24', publicIP: '127.0.0.1', backendType: 'host-gw', backendData: 'null', segment: '' };
    let dp = applySubnetEvents(base, cfg, [{ type: 'added', lease: l1 }]);
    expect(dp.routes.get('192.168.0.0/24')).toEqual({ dst: '192.168.0.0/24', via: '127.0.0.1', dev: 'eth0' });
    dp = applySubnetEvents(dp, cfg, [{ type: 'added', lease: { ...l1, publicIP: '127.0.0.2' } }]);
    expect([...dp.routes.keys()]).toEqual(['10.244.0.0/24', '192.168.0.0/24']);
    expect(dp.routes.get('192.168.0.0/24')!.via).toBe('127.0.0.2');
  });

  it('no flannel device, MTU 1500; a remote on another L2 segment gets no route but the kernel\'s error', () => {
    const nodes = [node('n0', 0, 'a'), node('n1', 1, 'a'), node('n2', 2, 'b')];
    const dp = nodeDataplane(cfg, self(nodes[0]!), nodes.map((n) => lease(cfg, n)));
    expect(dp.links.map((l) => l.name)).toEqual(['eth0', 'cni0']);
    expect(dp.mtu).toBe(1500);
    expect(dp.routes.get('10.244.1.0/24')).toEqual({ dst: '10.244.1.0/24', via: '10.0.0.11', dev: 'eth0' });
    expect(dp.routes.get('10.244.2.0/24')).toBeUndefined();
    expect([...dp.errors.values()]).toEqual(['Error adding route to 10.244.2.0/24 via 10.0.0.12: network is unreachable']);
  });
});

describe('udp and wireguard dataplanes', () => {
  it('udp: flannel0 TUN owning the network, MTU 1472, remote subnets in flanneld\'s table on port 8285', () => {
    const cfg = config({ Type: 'udp' });
    const nodes = [node('n0', 0), node('n1', 1)];
    const dp = nodeDataplane(cfg, self(nodes[0]!), nodes.map((n) => lease(cfg, n)));
    expect(dp.links.find((l) => l.name === 'flannel0')).toMatchObject({ kind: 'tun', mtu: 1472, addresses: ['10.244.0.0/16'] });
    expect(dp.routes.get('10.244.0.0/16')).toMatchObject({ dev: 'flannel0' });
    expect([...dp.udpPeers.entries()]).toEqual([['10.244.1.0/24', { subnet: '10.244.1.0/24', endpoint: '10.0.0.11:8285' }]]);
  });

  it('wireguard: flannel-wg with MTU 1420, one peer per remote node', () => {
    const cfg = config({ Type: 'wireguard' });
    const nodes = [node('n0', 0), node('n1', 1)];
    const dp = nodeDataplane(cfg, self(nodes[0]!), nodes.map((n) => lease(cfg, n)));
    expect(dp.mtu).toBe(1420);
    expect(dp.wireguardPeers.get('10.244.1.0/24')).toMatchObject({ endpoint: '10.0.0.11:51820', allowedIPs: ['10.244.1.0/24'] });
    expect(dp.wireguardPeers.get('10.244.1.0/24')!.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
