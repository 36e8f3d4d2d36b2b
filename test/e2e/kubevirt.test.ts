// KubeVirt pod networking (issue 14): a VirtualMachineInstance runs in a virt-launcher pod on the simulated pool,
// its status follows the pod (kubectl get vmi shows KubeVirt's columns), and its DHCP offer — 10.0.2.2 behind
// masquerade, the pod's DNS — is readable through the API (vminetworks.kubeflare.dev), bytes included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('e2e-kv');
let ns: string;

function vmi(name: string, iface: Record<string, unknown>, networks: object[] = [{ name: 'default', pod: {} }]) {
  const { nodeSelector, tolerations } = onPool(pool);
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name },
    spec: {
      nodeSelector,
      tolerations,
      domain: { resources: { requests: { memory: '128Mi' } }, devices: { interfaces: [{ name: 'default', ...iface }] } },
      networks,
    },
  };
}

beforeAll(async () => {
  await applyPool(pool, { nodes: 1, zones: ['zone-a'] }, 30_000);
  ns = await newNamespace('kv');
});
afterAll(async () => {
  await deletePools(pool);
});

describe('a VMI with a masquerade interface', () => {
  it('gets a virt-launcher pod, runs, and reports the pod IP and node as KubeVirt does', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(vmi('vm1', { masquerade: {}, ports: [{ name: 'http', port: 80 }] })) });
    const pod = await poll(async () => {
      const pods = (await getJson(['-n', ns, 'pods', '-l', 'kubevirt.io=virt-launcher,vm.kubevirt.io/name=vm1'])).items;
      return pods[0]?.status?.phase === 'Running' && pods[0].status.podIP ? pods[0] : undefined;
    }, 30_000, 'the virt-launcher pod to run');
    expect(pod.metadata.name).toMatch(/^virt-launcher-vm1-[a-z0-9]{5}$/);
    expect(pod.metadata.ownerReferences[0]).toMatchObject({ kind: 'VirtualMachineInstance', name: 'vm1', controller: true });
    const v = await poll(async () => {
      const o = await getJson(['-n', ns, 'vmi', 'vm1']);
      return o.status?.phase === 'Running' ? o : undefined;
    }, 30_000, 'the VMI to be Running');
    expect(v.status.nodeName).toBe(pod.spec.nodeName);
    expect(v.status.interfaces[0]).toMatchObject({ name: 'default', ipAddress: pod.status.podIP });
    const table = await kubectl(['-n', ns, 'get', 'vmi']);
    const [header, row] = table.stdout.trim().split('\n');
    expect(header!.split(/\s+/)).toEqual(['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY']);
    expect(row!.split(/\s+/).slice(2)).toEqual(['Running', pod.status.podIP, pod.spec.nodeName, 'True']);
  });

  it("its DHCP offer is readable through the API: 10.0.2.2 from 10.0.2.1, the pod's DNS, the bytes", async () => {
    const net = (await getJson(['-n', ns, 'vminetwork', 'vm1'])).status;
    expect(net.binding).toBe('masquerade');
    expect(net.vm).toMatchObject({ ip: '10.0.2.2', prefix: 24, gateway: '10.0.2.1' });
    expect(net.nat.portForwards).toEqual([{ port: 80, protocol: 'TCP', to: '10.0.2.2:80' }]);
    const opt = (code: number) => net.dhcp.options.find((o: any) => o.code === code);
    expect(opt(3).value).toBe('10.0.2.1');
    expect(opt(6).value).toEqual(['10.96.0.10']);
    expect(opt(6).hex).toBe('0a60000a');
    expect(opt(119).value).toEqual([`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local']);
    expect(opt(26).value).toBe(1450);
    expect(net.resolvConf).toContain('nameserver 10.96.0.10');
    // BOOTREPLY; yiaddr 10.0.2.2 at bytes 16–19; option 53 = OFFER right after the magic cookie
    expect(net.dhcp.offer.slice(0, 2)).toBe('02');
    expect(net.dhcp.offer.slice(32, 40)).toBe('0a000202');
    expect(net.dhcp.offer.slice(472, 486)).toBe('63825363350102');
    const table = await kubectl(['-n', ns, 'get', 'vminetworks']);
    expect(table.stdout).toMatch(/vm1\s+masquerade\s+10\.0\.2\.2\s/);
  });

  it('an invalid VMI is refused with 422 and KubeVirt\'s field paths, and nothing is created', async () => {
    const bad = vmi('bad', { masquerade: {}, ports: [{ port: 80, protocol: 'SCTP' }] }, [{ name: 'other', pod: {} }]);
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(bad), allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('is invalid');
    expect(r.stderr).toContain("spec.domain.devices.interfaces[0].name 'default' not found.");
    expect(r.stderr).toContain("spec.networks[0].name 'other' not found.");
    expect((await kubectl(['-n', ns, 'get', 'vmi', 'bad'], { allowFail: true })).code).not.toBe(0);
  });

  it("a bridge VMI: the VM takes the pod's IP and MAC, the offer carries the pod's gateway and routes (option 121)", async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest({ ...vmi('vm2', { bridge: {} }), spec: { ...vmi('vm2', { bridge: {} }).spec, subdomain: 'web' } }) });
    const net = await poll(async () => {
      const s = (await getJson(['-n', ns, 'vminetwork', 'vm2'])).status;
      return s?.dhcp ? s : undefined;
    }, 30_000, 'the bridge VMI to have a pod network');
    expect(net.binding).toBe('bridge');
    expect(net.vm.ip).toBe(net.podIP);
    expect(net.vm.mac).toBe(net.podInterface.mac);
    expect(net.devices.map((d: any) => d.name)).toEqual(['k6t-eth0', 'eth0-nic', 'tap0']);
    expect(net.dhcp.serverIP).toBe('169.254.75.10');
    const gw = net.podInterface.gateway;
    const opt = (code: number) => net.dhcp.options.find((o: any) => o.code === code);
    expect(opt(121).value).toEqual([`10.244.0.0/16 via ${gw}`, `0.0.0.0/0 via ${gw}`]);
    expect(opt(119).value[0]).toBe(`web.${ns}.svc.cluster.local`);
    expect(net.dhcp.offer.slice(56, 68)).toBe(net.vm.mac.replaceAll(':', '')); // chaddr
    const v = await poll(async () => {
      const o = await getJson(['-n', ns, 'vmi', 'vm2']);
      return o.status?.phase === 'Running' ? o : undefined;
    }, 30_000, 'vm2 to be Running');
    expect(v.status.interfaces[0].mac).toBe(net.vm.mac);
    expect(v.status.conditions.find((c: any) => c.type === 'LiveMigratable')).toMatchObject({ status: 'False', reason: 'InterfaceNotLiveMigratable' });
  });

  it('deleting the VMI garbage-collects its virt-launcher pod', async () => {
    await kubectl(['-n', ns, 'delete', 'vmi', 'vm1', '--wait=false']);
    await poll(async () => ((await getJson(['-n', ns, 'pods', '-l', 'vm.kubevirt.io/name=vm1'])).items.length === 0 ? true : undefined), 30_000, 'the launcher pod to go');
  });
});
