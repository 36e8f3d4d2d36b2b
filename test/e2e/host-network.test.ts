// Pods with `hostNetwork: true` on a NodePool node, as kubectl shows them: the node's InternalIP as their
// IP (no IP from the podCIDR), next to a pod on the pod network that still gets one; a Service's
// EndpointSlice carrying the node IP; hostPort defaulted from containerPort and refused when it differs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('e2e-hostnet');
let ns: string;
let node: { name: string; ip: string; podCIDR: string };

function inCidr(ip: string, cidr: string): boolean {
  const toInt = (s: string) => s.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base!) / size);
}

const pod = (name: string, hostNetwork: boolean, ports: object[] = []) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: hostNetwork ? 'agent' : 'web' } },
  spec: { ...onPool(pool), ...(hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'c', image: 'nginx:1.25', ports }] },
});

beforeAll(async () => {
  const [n] = await applyPool(pool, { nodes: 1 });
  node = { name: n.metadata.name, ip: n.status.addresses.find((a: any) => a.type === 'InternalIP').address, podCIDR: n.spec.podCIDR };
  ns = await newNamespace('hostnet');
});
afterAll(async () => {
  await deletePools(pool);
});

describe('hostNetwork pods on a NodePool node', () => {
  it("get pods -o wide: the hostNetwork pod's IP is its node's INTERNAL-IP, the other pod's is from the podCIDR", async () => {
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('agent', true, [{ containerPort: 9100 }]), pod('web', false)) });
    await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/agent', 'pod/web', '--timeout=30s'], { timeoutMs: 35_000 });
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'pods', '-o', 'wide'])).stdout);
    expect(rows[0]!.slice(0, 7)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.get('agent')!.slice(1, 3)).toEqual(['1/1', 'Running']);
    expect([byName.get('agent')![5], byName.get('agent')![6]]).toEqual([node.ip, node.name]);
    const webIP = byName.get('web')![5]!;
    expect(byName.get('web')![6]).toBe(node.name);
    expect(inCidr(webIP, node.podCIDR), `${webIP} in ${node.podCIDR}`).toBe(true);
    expect(inCidr(node.ip, node.podCIDR)).toBe(false);

    const agent = await getJson(['-n', ns, 'pod', 'agent']);
    expect(agent.status).toMatchObject({ podIP: node.ip, podIPs: [{ ip: node.ip }], hostIP: node.ip, hostIPs: [{ ip: node.ip }] });
    // hostPort was defaulted from containerPort on the Pod (SetDefaults_Pod)
    expect(agent.spec.containers[0].ports).toEqual([{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
    // no CNI ADD ran for it: no FailedCreatePodSandBox, and the node's CNI view does not list it
    const view = await getJson(['nodenetworks.kubeflare.dev', node.name]);
    const cniPods: string[] = (view.status?.cni?.pods ?? []).map((p: any) => p.pod);
    expect(cniPods).toContain(`${ns}/web`);
    expect(cniPods).not.toContain(`${ns}/agent`);
  }, 60_000);

  it('a Service selecting the hostNetwork pod: its EndpointSlice carries the node IP', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'agent' }, spec: { selector: { app: 'agent' }, ports: [{ port: 9100, targetPort: 9100 }] } };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(svc) });
    const slice = await poll(async () => {
      const items: any[] = (await getJson(['-n', ns, 'endpointslices', '-l', 'kubernetes.io/service-name=agent'])).items;
      return items.find((s) => s.endpoints?.length);
    }, 15_000, 'an EndpointSlice with an endpoint');
    expect(slice.endpoints).toEqual([expect.objectContaining({ addresses: [node.ip], nodeName: node.name, targetRef: expect.objectContaining({ kind: 'Pod', name: 'agent' }) })]);
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'endpointslices', '-l', 'kubernetes.io/service-name=agent'])).stdout);
    expect(rows[1]!.slice(1, 4)).toEqual(['IPv4', '9100', node.ip]);

    // the NetworkPath from the pod beside it: kube-proxy's DNAT to the node address, delivered in the node's namespace
    const np = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NetworkPath', metadata: { name: 'p' }, spec: { from: { pod: 'web' }, to: { service: 'agent' }, port: 9100 } };
    const status = JSON.parse((await kubectl(['-n', ns, 'create', '-f', '-', '-o', 'json'], { stdin: manifest(np) })).stdout).status;
    expect(status).toMatchObject({ verdict: 'Reachable', sameNode: true, destination: { pod: `${ns}/agent`, ip: node.ip, hostNetwork: true, port: 9100 } });
    expect(status.hops.map((h: any) => h.device)).toEqual(['eth0', expect.stringMatching(/^veth[0-9a-f]{8} → cni0$/), 'kube-proxy', 'host network']);
  }, 30_000);

  it('hostPort must match containerPort: refused for a Pod and a DaemonSet template, a template may leave it unset', async () => {
    const bad = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('bad', true, [{ containerPort: 80, hostPort: 8080 }])), allowFail: true });
    expect(bad.stderr).toBe('The Pod "bad" is invalid: spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true\n');
    const ds = (hostPort?: number) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agents' },
      spec: {
        selector: { matchLabels: { app: 'agents' } },
        template: { metadata: { labels: { app: 'agents' } }, spec: { ...onPool(pool), hostNetwork: true, containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 9200, ...(hostPort ? { hostPort } : {}) }] }] } },
      },
    });
    const badDs = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(ds(9300)), allowFail: true });
    expect(badDs.stderr).toBe('The DaemonSet "agents" is invalid: spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 9300: must match `containerPort` when `hostNetwork` is true\n');
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(ds()) });
    // the template keeps what it was given; its pod gets the default
    expect((await getJson(['-n', ns, 'daemonset', 'agents'])).spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9200, protocol: 'TCP' }]);
    const dsPod = await poll(async () => {
      const items: any[] = (await getJson(['-n', ns, 'pods', '-l', 'app=agents'])).items;
      return items.find((p) => p.status?.podIP);
    }, 20_000, 'the DaemonSet pod with an IP');
    expect(dsPod.spec.containers[0].ports).toEqual([{ containerPort: 9200, hostPort: 9200, protocol: 'TCP' }]);
    expect(dsPod.status.podIP).toBe(node.ip);
  }, 45_000);
});
