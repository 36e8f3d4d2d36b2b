import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  flannelConfigFrom,
  formatResolvConf,
  masqueradeAddresses,
  parseDhcpOptions,
  podDnsConfig,
  podRoutes,
  validateVmi,
  validateVmiUpdate,
  virtLauncherPod,
  vmiNetworkView,
  vmiPodNetwork,
  vmiStatus,
  type VirtualMachineInstance,
} from '../../../shared/network';

const vmi = (iface: Record<string, unknown>, extra: Record<string, unknown> = {}): VirtualMachineInstance => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'vm1', namespace: 'default', uid: 'vmi-uid-1' },
  spec: { domain: { resources: { requests: { memory: '1Gi' } }, devices: { interfaces: [{ name: 'default', ...iface }] } }, networks: [{ name: 'default', pod: {} }], ...extra },
});
const resolv = formatResolvConf(podDnsConfig({ metadata: { namespace: 'default' } }));
const podIface = { ip: '10.244.1.7', prefix: 24, mac: '0a:58:0a:f4:01:07', mtu: 1450, routes: podRoutes('10.244.1.7', 24, '10.244.1.1', [{ dst: '10.244.0.0/16' }, { dst: '0.0.0.0/0', gw: '10.244.1.1' }]), hostname: 'vm1', resolvConf: resolv };

describe("the pod's resolv.conf (kubelet ClusterFirst)", () => {
  it('cluster DNS 10.96.0.10, the namespace search path, ndots:5', () => {
    expect(resolv).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('None uses only dnsConfig; others append to it', () => {
    expect(podDnsConfig({ metadata: { namespace: 'x' }, spec: { containers: [], dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.example'] } } })).toEqual({ nameservers: ['1.1.1.1'], searches: ['a.example'], options: [] });
    expect(podDnsConfig({ metadata: { namespace: 'x' }, spec: { containers: [], dnsConfig: { options: [{ name: 'ndots', value: '2' }] } } }).options).toEqual(['ndots:2']);
  });
});

describe('masquerade binding', () => {
  const net = vmiPodNetwork(vmi({ masquerade: {}, ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }), podIface);
  if (!net.ok) throw new Error(net.error);
  it('the VM is 10.0.2.2/24 behind k6t-eth0 = 10.0.2.1; eth0 keeps the pod IP; tap0 on the bridge', () => {
    expect(net.vm).toMatchObject({ ip: '10.0.2.2', prefix: 24, gateway: '10.0.2.1' });
    expect(net.vm.mac).toMatch(/^52:54:00:/);
    expect(net.devices.map((d) => [d.name, d.addresses, d.master])).toEqual([
      ['eth0', ['10.244.1.7/24'], undefined],
      ['k6t-eth0', ['10.0.2.1/24'], undefined],
      ['tap0', [], 'k6t-eth0'],
    ]);
  });
  it('DNAT of the listed ports to the VM, masquerade out', () => {
    expect(net.nat!.portForwards).toEqual([{ port: 80, protocol: 'TCP', to: '10.0.2.2:80' }, { port: 53, protocol: 'UDP', to: '10.0.2.2:53' }]);
    expect(net.nat!.rules).toContain('ip nat KUBEVIRT_PREINBOUND tcp dport 80 counter dnat to 10.0.2.2');
    expect(net.nat!.rules).toContain('ip nat KUBEVIRT_PREINBOUND udp dport 53 counter dnat to 10.0.2.2');
    expect(net.nat!.rules[0]).toBe('ip nat postrouting ip saddr 10.0.2.2 counter masquerade');
  });
  it('the offer: 10.0.2.2 from server 10.0.2.1, router 10.0.2.1, the pod DNS and search path, MTU 1450, no option 121', () => {
    const opts = parseDhcpOptions(Uint8Array.from(net.dhcp.offer.match(/../g)!.map((h) => parseInt(h, 16))));
    expect(net.dhcp.serverIP).toBe('10.0.2.1');
    expect(net.dhcp.offer.slice(32, 40)).toBe('0a000202'); // yiaddr
    expect(opts.get(54)).toEqual([10, 0, 2, 1]);
    expect(opts.get(3)).toEqual([10, 0, 2, 1]);
    expect(opts.get(6)).toEqual([10, 96, 0, 10]);
    expect(opts.get(26)).toEqual([0x05, 0xaa]);
    expect(opts.has(121)).toBe(false);
    expect(net.dhcp.options.find((o) => o.code === 15)?.value).toBe('default.svc.cluster.local');
  });
  it('vmNetworkCIDR moves the VM; a network of fewer than 4 addresses is refused', () => {
    expect(masqueradeAddresses('192.168.7.0/28')).toEqual({ ok: true, gateway: '192.168.7.1', vm: '192.168.7.2', prefix: 28 });
    expect(masqueradeAddresses('192.168.7.0/31')).toEqual({ ok: false, error: 'less than 4 addresses on network' });
  });
});

describe('bridge binding', () => {
  const net = vmiPodNetwork(vmi({ bridge: {} }, { subdomain: 'web' }), podIface);
  if (!net.ok) throw new Error(net.error);
  it("the VM gets the pod's IP and original MAC; eth0 renamed eth0-nic with a new MAC on k6t-eth0 (169.254.75.10/32) with tap0", () => {
    expect(net.vm).toEqual({ ip: '10.244.1.7', prefix: 24, mac: '0a:58:0a:f4:01:07', gateway: '10.244.1.1' });
    expect(net.dhcp.clientMAC).toBe('0a:58:0a:f4:01:07');
    expect(net.devices.map((d) => d.name)).toEqual(['k6t-eth0', 'eth0-nic', 'tap0']);
    expect(net.devices[1]!.mac).not.toBe('0a:58:0a:f4:01:07');
    expect(net.dhcp.serverIP).toBe('169.254.75.10');
    expect(net.nat).toBeUndefined();
  });
  it('option 121: the flannel network then the default route via the gateway; the kernel link route filtered out', () => {
    expect(net.dhcp.options.find((o) => o.code === 121)).toEqual({
      code: 121,
      name: 'Classless Static Route',
      value: ['10.244.0.0/16 via 10.244.1.1', '0.0.0.0/0 via 10.244.1.1'],
      // 16, 10.244, via 10.244.1.1; 0 (default), via 10.244.1.1
      hex: '100af40af40101000af40101',
    });
  });
  it('a subdomain puts <subdomain>.<namespace>.svc.cluster.local first in option 119', () => {
    expect(net.dhcp.options.find((o) => o.code === 119)?.value).toEqual(['web.default.svc.cluster.local', 'default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
  });
});

describe('the virt-launcher pod and the VMI status', () => {
  const v = vmi({ masquerade: {} });
  const pod = virtLauncherPod(v);
  it('virt-launcher-<name>-, labelled and owned by the VMI, compute container with the domain resources', () => {
    expect(pod.metadata?.generateName).toBe('virt-launcher-vm1-');
    expect(pod.metadata?.labels).toMatchObject({ 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': 'vmi-uid-1', 'vm.kubevirt.io/name': 'vm1' });
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'VirtualMachineInstance', uid: 'vmi-uid-1', controller: true });
    expect(pod.spec?.hostname).toBe('vm1');
    expect(pod.spec?.containers[0]).toMatchObject({ name: 'compute', resources: { requests: { memory: '1Gi' } } });
  });
  const now = '2026-01-01T00:00:00Z';
  const running: Pod = { ...pod, metadata: { ...pod.metadata, name: 'virt-launcher-vm1-abcde', uid: 'pod-uid' }, spec: { ...pod.spec!, nodeName: 'pool-1' }, status: { phase: 'Running', podIP: '10.244.1.7', qosClass: 'Burstable', conditions: [{ type: 'Ready', status: 'True' }] } };
  it.each([
    ['Pending without a pod', undefined, 'Pending'],
    ['Scheduling while the pod is pending', { ...running, status: { phase: 'Pending' } }, 'Scheduling'],
    ['Scheduled while the pod runs but is not ready', { ...running, status: { ...running.status, conditions: [{ type: 'Ready', status: 'False' }] } }, 'Scheduled'],
    ['Running with a ready pod', running, 'Running'],
    ['Failed when the pod fails', { ...running, status: { phase: 'Failed' } }, 'Failed'],
  ])('%s', (_, p, phase) => expect(vmiStatus(v, p as Pod | undefined, now).phase).toBe(phase));
  it('a running VMI: node, the pod IP on its interface (masquerade too), Ready True', () => {
    const s = vmiStatus(v, running, now);
    expect(s).toMatchObject({ nodeName: 'pool-1', activePods: { 'pod-uid': 'pool-1' }, qosClass: 'Burstable' });
    expect(s.interfaces![0]).toMatchObject({ name: 'default', ipAddress: '10.244.1.7', interfaceName: 'eth0' });
    expect(s.conditions!.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
  it('a started VMI whose pod vanished is Failed, and a final phase stays', () => {
    const started = { ...v, status: { phase: 'Running' } };
    expect(vmiStatus(started, undefined, now).phase).toBe('Failed');
    expect(vmiStatus({ ...v, status: { phase: 'Failed' } }, running, now).phase).toBe('Failed');
  });
});

describe('the VMINetwork view over a flannel node', () => {
  const conf = flannelConfigFrom(undefined);
  const node: Node = { metadata: { name: 'pool-1' }, spec: { podCIDR: '10.244.1.0/24' } };
  const v = vmi({ masquerade: {} });
  const pod: Pod = { ...virtLauncherPod(v), metadata: { name: 'virt-launcher-vm1-abcde', namespace: 'default', uid: 'pod-uid' }, spec: { containers: [], nodeName: 'pool-1', hostname: 'vm1' }, status: { podIP: '10.244.1.7' } };
  it('derives eth0 from the CNI result, MTU 1450 from vxlan, and offers 10.0.2.2', () => {
    const view = vmiNetworkView(conf, v, pod, node) as { status: Record<string, any> };
    expect(view.status.podInterface).toMatchObject({ ip: '10.244.1.7/24', mtu: 1450, gateway: '10.244.1.1' });
    expect(view.status.vm.ip).toBe('10.0.2.2');
    expect(view.status.dhcp.options.find((o: { code: number }) => o.code === 6).value).toEqual(['10.96.0.10']);
  });
  it('says why while the pod has no IP', () => {
    expect((vmiNetworkView(conf, v, { ...pod, status: {} }, node) as { status: Record<string, unknown> }).status.reason).toBe('the virt-launcher pod has no IP yet');
  });
});

// causes as pkg/network/admitter builds them
describe('VMI admission (pod network)', () => {
  const fields = (o: VirtualMachineInstance) => validateVmi(o as never).map((c) => [c.field, c.message]);
  it('a valid masquerade VMI passes', () => expect(fields(vmi({ masquerade: {}, ports: [{ name: 'http', port: 80 }] }))).toEqual([]));
  it('spec.domain is required', () => expect(fields({ ...vmi({}), spec: { networks: [] } } as never)).toContainEqual(['spec.domain', 'Required value']));
  it('an interface without its network, and a network without its interface', () => {
    const v = vmi({ masquerade: {} });
    v.spec!.networks = [{ name: 'other', pod: {} }];
    expect(fields(v).map((f) => f[1])).toEqual(expect.arrayContaining(["spec.networks[0].name 'other' not found.", "spec.domain.devices.interfaces[0].name 'default' not found.", 'Masquerade interface only implemented with pod network']));
  });
  it.each([
    [{ masquerade: {}, ports: [{ port: 0 }] }, 'spec.domain.devices.interfaces[0].ports[0]', 'Port field is mandatory.'],
    [{ masquerade: {}, ports: [{ port: 70000 }] }, 'spec.domain.devices.interfaces[0].ports[0]', 'Port field must be in range 0 < x < 65536.'],
    [{ masquerade: {}, ports: [{ port: 80, protocol: 'SCTP' }] }, 'spec.domain.devices.interfaces[0].ports[0].protocol', 'Unknown protocol, only TCP or UDP allowed'],
    [{ masquerade: {}, ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }, 'spec.domain.devices.interfaces[0].ports[1].name', 'Duplicate name of the port: a'],
    [{ masquerade: {}, macAddress: '02:00:00:00:00:00' }, 'spec.domain.devices.interfaces[0].macAddress', 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.'],
    [{ bridge: {}, macAddress: 'de:ad:00:00:be' }, 'spec.domain.devices.interfaces[0].macAddress', 'interface spec.domain.devices.interfaces[0].name has malformed MAC address (de:ad:00:00:be).'],
    [{ bridge: {}, macAddress: 'de:ad:00:00:be:af:be:af' }, 'spec.domain.devices.interfaces[0].macAddress', 'interface spec.domain.devices.interfaces[0].name has MAC address (de:ad:00:00:be:af:be:af) that is too long.'],
    [{ bridge: {}, model: 'e1001' }, 'spec.domain.devices.interfaces[0].model', 'interface spec.domain.devices.interfaces[0].name uses model e1001 that is not supported.'],
    [{ bridge: {}, binding: { name: 'passt' } }, 'spec.domain.devices.interfaces[0].binding', 'logical default interface cannot have both binding plugin and interface binding method'],
  ])('%j → %s', (iface, field, message) => expect(fields(vmi(iface))).toContainEqual([field, message]));
  it('two pod networks, duplicate names, a network with no type', () => {
    const v = vmi({ bridge: {} });
    v.spec!.networks = [{ name: 'default', pod: {} }, { name: 'default', pod: {} }, { name: 'x' }];
    const f = fields(v);
    expect(f).toContainEqual(['spec.interfaces', 'more than one interface is connected to a pod network in spec.interfaces']);
    expect(f).toContainEqual(['spec.networks[1].name', 'Network with name "default" already exists, every network must have a unique name']);
    expect(f).toContainEqual(['spec.networks[2]', 'should have a network type']);
  });
  it.each([
    [{ macAddress: 5 }, 'spec.domain.devices.interfaces[0].macAddress', 'Invalid value: "integer": spec.domain.devices.interfaces[0].macAddress in body must be of type string: "integer"'],
    [{ ports: { port: 80 } }, 'spec.domain.devices.interfaces[0].ports', 'Invalid value: "object": spec.domain.devices.interfaces[0].ports in body must be of type array: "object"'],
    [{ ports: [{ port: '80' }] }, 'spec.domain.devices.interfaces[0].ports[0].port', 'Invalid value: "string": spec.domain.devices.interfaces[0].ports[0].port in body must be of type integer: "string"'],
  ])('wrong types are the CRD schema\'s errors, before the webhook: %j', (iface, field, message) => {
    expect(fields(vmi({ masquerade: {}, ...iface }))).toEqual([[field, message]]);
  });
  it('hostile shapes never throw', () => {
    for (const spec of [null, 5, [], { domain: 'x' }, { domain: { devices: [] } }, { domain: { devices: { interfaces: [null, 3, 'a'] } }, networks: [null] }]) {
      expect(() => validateVmi({ metadata: { name: 'v' }, spec } as never)).not.toThrow();
    }
  });
  it('the spec cannot change after creation', () => {
    const v = vmi({ bridge: {} });
    expect(validateVmiUpdate(vmi({ masquerade: {} }) as never, v as never).map((c) => c.message)).toContain('update of VMI object is restricted');
    expect(validateVmiUpdate({ ...v, status: { phase: 'Running' } } as never, v as never)).toEqual([]);
  });
});
