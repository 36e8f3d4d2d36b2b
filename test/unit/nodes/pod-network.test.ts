import { describe, expect, it } from 'vitest';
import type { Node, NodeAddress, Pod } from 'kubernetes-types/core/v1';
import { buildNode } from '../../../shared/nodes/node-builder';
import { nodeHostIPs, sandboxNetwork, statusPodIPs } from '../../../shared/nodes/pod-network';
import { runPod } from './run-pod';

const T0 = Date.UTC(2025, 0, 1);
const node = (addresses: NodeAddress[], podCIDR?: string): Node => ({ metadata: { name: 'n' }, spec: podCIDR ? { podCIDR } : {}, status: { addresses } });
const hostPod: Pod = { metadata: { name: 'proxy', namespace: 'kube-system', uid: 'u1' }, spec: { hostNetwork: true, nodeName: 'pool-0', containers: [{ name: 'c', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] } };
const podPod: Pod = { ...hostPod, spec: { ...hostPod.spec!, hostNetwork: false } };

describe('sandboxNetwork: NamespaceMode NODE for hostNetwork, POD (CNI from the podCIDR) otherwise', () => {
  it.each<[string, Pod, Node, ReturnType<typeof sandboxNetwork>]>([
    ['host network: the node InternalIP, no podCIDR needed', hostPod, node([{ type: 'InternalIP', address: '10.0.0.11' }]), { mode: 'NODE', ip: '10.0.0.11' }],
    ['host network on a node with no address yet', hostPod, node([{ type: 'Hostname', address: 'n' }]), { mode: 'NODE' }],
    ['pod network: the range host-local allocates from', podPod, node([{ type: 'InternalIP', address: '10.0.0.11' }], '10.244.1.0/24'), { mode: 'POD', podCIDR: '10.244.1.0/24' }],
    ['pod network before node IPAM', podPod, node([{ type: 'InternalIP', address: '10.0.0.11' }]), { mode: 'POD' }],
    ['hostNetwork unset is the pod network', { ...podPod, spec: { containers: [] } }, node([], '10.244.1.0/24'), { mode: 'POD', podCIDR: '10.244.1.0/24' }],
  ])('%s', (_, pod, n, want) => {
    expect(sandboxNetwork(pod, n)).toEqual(want);
  });

  it('podCIDRs[0] is the range when the node lists several', () => {
    expect(sandboxNetwork(podPod, { spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] } })).toEqual({ mode: 'POD', podCIDR: '10.244.1.0/24' });
  });
});

// kubelet_pods_test.go TestGenerateAPIPodStatusHostNetworkPodIPs (the rows without CRI-reported IPs:
// the runtime reports none for a sandbox in the node's namespace)
describe('status.podIPs of a host-network pod are its node IPs (generateAPIPodStatus)', () => {
  it.each<[string, NodeAddress[], string[]]>([
    ['Simple', [{ type: 'InternalIP', address: '10.0.0.1' }], ['10.0.0.1']],
    ['InternalIP is preferred over ExternalIP', [{ type: 'ExternalIP', address: '192.168.0.1' }, { type: 'InternalIP', address: '10.0.0.1' }], ['10.0.0.1']],
    ['Single-stack addresses in dual-stack cluster', [{ type: 'InternalIP', address: '10.0.0.1' }], ['10.0.0.1']],
    ['Multiple single-stack addresses in dual-stack cluster', [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalIP', address: '10.0.0.2' }, { type: 'ExternalIP', address: '192.168.0.1' }], ['10.0.0.1']],
    ['Dual-stack addresses in dual-stack cluster', [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalIP', address: 'fd01::1234' }], ['10.0.0.1', 'fd01::1234']],
    ['ExternalIP when the node has no InternalIP', [{ type: 'ExternalIP', address: '192.168.0.1' }], ['192.168.0.1']],
  ])('%s', (_, addresses, want) => {
    const ips = nodeHostIPs(node(addresses));
    expect(ips).toEqual(want);
    expect(statusPodIPs(hostPod, ips, undefined, false)).toEqual({ podIP: want[0], podIPs: want.map((ip) => ({ ip })) });
  });

  it('a pod on the pod network shows its sandbox IP only once the sandbox is up', () => {
    expect(statusPodIPs(podPod, ['10.0.0.1'], '10.244.1.5', false)).toEqual({});
    expect(statusPodIPs(podPod, ['10.0.0.1'], '10.244.1.5', true)).toEqual({ podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] });
    expect(statusPodIPs(hostPod, [], undefined, true)).toEqual({});
  });
});

describe('stepPod: a host-network pod reports its node IP', () => {
  const pool = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72_000_000 }] } }, 0);

  it('from its first status, while ContainerCreating, and after it runs; hostIP the same', () => {
    const [a, b] = runPod(hostPod, pool, T0, [0, 1000]);
    expect(a!.status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect([a!.status.podIP, a!.status.podIPs, a!.status.hostIP]).toEqual(['10.0.0.10', [{ ip: '10.0.0.10' }], '10.0.0.10']);
    expect(b!.status.phase).toBe('Running');
    expect([b!.status.podIP, b!.status.podIPs]).toEqual(['10.0.0.10', [{ ip: '10.0.0.10' }]]);
  });

  it('the same pod on the pod network takes the sandbox IP once its sandbox is up', () => {
    const [a, b] = runPod(podPod, pool, T0, [0, 1000]);
    expect(a!.status.podIP).toBeUndefined();
    expect(b!.status.podIP).toBe('10.244.0.2');
  });
});
