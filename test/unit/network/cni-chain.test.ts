import type { Node, Pod } from 'kubernetes-types/core/v1';
import { nodeNetworkView } from '../../../shared/network/node-network-view';
import { describe, expect, it } from 'vitest';
import { cniAddResult, delegatedBridgeConf, portMappings, initDataplane, parseFlannelConfig, podBandwidth, shapedThroughput, tokenBucket } from '../../../shared/network';

const conf = (() => {
  const r = parseFlannelConfig('{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}');
  if (!r.ok) throw new Error(r.error);
  return r.config;
})();
const dp = initDataplane(conf, { node: 'n1', subnet: '10.244.1.0/24', publicIP: '10.0.0.11', segment: 'a' });
const pod = (annotations: Record<string, string> = {}): Pod => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u-1', annotations }, status: { podIP: '10.244.1.5' } });

describe('the flannel CNI chain', () => {
  it('flannel delegates to the bridge plugin with subnet.env: MTU, gateway, ipMasq off when flanneld masquerades, host-local over the subnet', () => {
    expect(delegatedBridgeConf(dp.subnetEnv)).toEqual({
      cniVersion: '0.3.1',
      name: 'cbr0',
      type: 'bridge',
      bridge: 'cni0',
      mtu: 1450,
      isGateway: true,
      ipMasq: false,
      hairpinMode: true,
      isDefaultGateway: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.1.1/24' }]], routes: [{ dst: '10.244.0.0/16' }] },
    });
  });

  it('the ADD result: cni0, host veth, eth0 in the sandbox; the address on interface 2 with the gateway; the network and default routes', () => {
    const r = cniAddResult(pod(), dp)!;
    expect((r.interfaces as { name: string }[]).map((i) => i.name)).toEqual(['cni0', expect.stringMatching(/^veth[0-9a-f]{8}$/), 'eth0']);
    expect(r.ips).toEqual([{ version: '4', address: '10.244.1.5/24', gateway: '10.244.1.1', interface: 2 }]);
    expect(r.routes).toEqual([{ dst: '10.244.0.0/16' }, { dst: '0.0.0.0/0', gw: '10.244.1.1' }]);
    expect(cniAddResult({ metadata: { uid: 'x' } }, dp)).toBeUndefined();
  });
});

describe('the portmap plugin', () => {
  it('each hostPort becomes a DNAT to the pod, limited to its hostIP when set', () => {
    const p: Pod = {
      ...pod(),
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 5353, protocol: 'UDP', hostIP: '10.0.0.11' }, { containerPort: 9090 }] }] },
    };
    const m = portMappings(p);
    expect(m.map(({ rule: _, ...rest }) => rest)).toEqual([
      { hostPort: 8080, containerPort: 80, protocol: 'TCP' },
      { hostPort: 5353, containerPort: 53, protocol: 'UDP', hostIP: '10.0.0.11' },
    ]);
    expect(m[0]!.rule).toMatch(/^-A CNI-DN-[0-9a-f]{24} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10\.244\.1\.5:80$/);
    expect(m[1]!.rule).toContain('-d 10.0.0.11/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.244.1.5:53');
  });
});

describe('the bandwidth plugin (plugins/meta/bandwidth)', () => {
  it('a token bucket: limit = rate/8 × 25 ms + burst/8 bytes; rate and burst come together', () => {
    expect(tokenBucket(8_000_000, 800_000)).toEqual({ rateBitsPerSecond: 8_000_000, burstBits: 800_000, limitBytes: 125_000 });
    expect(tokenBucket(8000, 80)).toEqual({ rateBitsPerSecond: 8000, burstBits: 80, limitBytes: 35 });
    expect(tokenBucket(8000, 0)).toEqual({ error: 'if rate is set, burst must also be set' });
    expect(tokenBucket(0, 80)).toEqual({ error: 'if burst is set, rate must also be set' });
  });

  it('pod annotations are quantities in bits per second between 1k and 1P, with an unlimited burst', () => {
    const bw = podBandwidth(pod({ 'kubernetes.io/ingress-bandwidth': '10M', 'kubernetes.io/egress-bandwidth': '1G' }));
    expect(bw).toMatchObject({ ingress: { rateBitsPerSecond: 10_000_000, burstBits: 4294967295 }, egress: { rateBitsPerSecond: 1e9 } });
    expect(podBandwidth(pod({ 'kubernetes.io/ingress-bandwidth': '0.5k' }))).toEqual({ error: 'resource is unreasonably small (< 1kbit)' });
    expect(podBandwidth(pod({ 'kubernetes.io/egress-bandwidth': '2P' }))).toEqual({ error: 'resource is unreasonably large (> 1Pbit)' });
    expect(podBandwidth(pod({ 'kubernetes.io/egress-bandwidth': '1.2k' }))).toMatchObject({ egress: { rateBitsPerSecond: 1200 } });
    expect(podBandwidth(pod())).toEqual({});
  });

  it('shaping caps a path at the source\'s egress and the destination\'s ingress rate', () => {
    const src = podBandwidth(pod({ 'kubernetes.io/egress-bandwidth': '100M' }));
    const dst = podBandwidth(pod({ 'kubernetes.io/ingress-bandwidth': '10M' }));
    expect(shapedThroughput(9167.8, src, dst)).toEqual({ throughputMbps: 10, shaping: { egressMbps: 100, ingressMbps: 10 } });
    expect(shapedThroughput(9167.8, {}, {})).toEqual({ throughputMbps: 9167.8 });
  });
});

describe('a pod on the host network has no sandbox network: no CNI plugin runs for it', () => {
  const host = (p: Pod): Pod => ({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], hostNetwork: true }, status: { podIP: '10.0.0.11' } });

  it('no ADD result, no portmap DNAT for its hostPorts (the container binds the node port), no bandwidth buckets', () => {
    const p = host({ ...pod({ 'kubernetes.io/ingress-bandwidth': '10M', 'kubernetes.io/egress-bandwidth': '0.5k' }), spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }] }] } });
    expect(cniAddResult(p, dp)).toBeUndefined();
    expect(portMappings(p)).toEqual([]);
    expect(podBandwidth(p)).toEqual({});
  });

  it("the node's CNI view lists only the pods on the pod network", () => {
    const node: Node = { metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.11' }] } };
    const onPodNet: Pod = { ...pod(), metadata: { ...pod().metadata, name: 'web' } };
    const onHostNet = host({ ...pod(), metadata: { ...pod().metadata, name: 'proxy', uid: 'u-2' } });
    const view = nodeNetworkView({ ok: true, config: conf }, node, [node], [onPodNet, onHostNet]);
    expect((view.status as any).cni.pods.map((p: { pod: string }) => p.pod)).toEqual(['ns/web']);
  });
});
