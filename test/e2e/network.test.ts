// The pod network as a model (issue 14): node IPAM hands consecutive subnets to joining nodes, flannel
// annotates them and programs every other node (NodeNetwork shows ip route / ip neigh / bridge fdb), a node
// leaving takes its entries with it, a NetworkPath between pods changes with the kube-flannel-cfg backend,
// and NetworkPolicies deny and re-allow, naming the policy that decided.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName, poolNodes } from './support/node-pools';

const pool = poolName('e2e-net');
let ns: string;

const FLANNEL_CM = ['-n', 'kube-flannel', 'configmap', 'kube-flannel-cfg'];

function ipNum(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return ipNum(ip) >= ipNum(base!) && ipNum(ip) < ipNum(base!) + size;
}

async function setNetConf(netConf: object | undefined): Promise<void> {
  await kubectl(['create', 'namespace', 'kube-flannel'], { allowFail: true });
  if (!netConf) {
    await kubectl(['delete', ...FLANNEL_CM, '--ignore-not-found']);
    return;
  }
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' }, data: { 'net-conf.json': JSON.stringify(netConf) } };
  await kubectl(['apply', '-f', '-'], { stdin: manifest(cm) });
}

/** A pod pinned to one node (bound directly), with labels and a named port 80. */
function pod(name: string, node: string, labels: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: node, tolerations: onPool(pool).tolerations, containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 80 }] }] },
  };
}

async function podIP(name: string): Promise<string> {
  return poll(async () => (await getJson(['-n', ns, 'pod', name])).status?.podIP as string | undefined, 20_000, `pod ${name} to get an IP`);
}

async function path(to: Record<string, unknown>, port: number | string = 80): Promise<any> {
  const obj = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NetworkPath', metadata: { name: 'p' }, spec: { from: { pod: 'client' }, to, port } };
  const r = await kubectl(['-n', ns, 'create', '-f', '-', '-o', 'json'], { stdin: manifest(obj) });
  return JSON.parse(r.stdout).status;
}

let nodes: any[];

beforeAll(async () => {
  await setNetConf(undefined);
  nodes = await applyPool(pool, { nodes: 3, zones: ['zone-a'] }, 30_000);
  ns = await newNamespace('net');
  await kubectl(['-n', ns, 'apply', '-f', '-'], {
    stdin: manifest(pod('server', nodes[0].metadata.name, { app: 'server' }), pod('client', nodes[1].metadata.name, { app: 'client' }), pod('other', nodes[2].metadata.name, { app: 'other' })),
  });
});
afterAll(async () => {
  await setNetConf(undefined);
  await deletePools(pool);
});

describe('subnets and the flannel dataplane', () => {
  it('three nodes get consecutive subnets, flannel annotates them, and pods get IPs inside their node\'s subnet', async () => {
    const cidrs: string[] = nodes.map((n) => n.spec.podCIDR);
    const idx = cidrs.map((c) => ipNum(c.split('/')[0]!) >> 8).sort((a, b) => a - b);
    expect(cidrs.every((c) => c.endsWith('/24') && inCidr(c.split('/')[0]!, '10.244.0.0/16'))).toBe(true);
    expect(idx).toEqual([idx[0], idx[0]! + 1, idx[0]! + 2]);
    const annotated = await poll(async () => {
      const ns = await poolNodes(pool);
      return ns.every((n) => n.metadata.annotations?.['flannel.alpha.coreos.com/kube-subnet-manager'] === 'true') ? ns : undefined;
    }, 20_000, 'flannel annotations on the pool\'s nodes');
    for (const n of annotated) {
      const a = n.metadata.annotations;
      expect(a['flannel.alpha.coreos.com/backend-type']).toBe('vxlan');
      expect(a['flannel.alpha.coreos.com/public-ip']).toBe(n.status.addresses.find((x: any) => x.type === 'InternalIP').address);
      expect(JSON.parse(a['flannel.alpha.coreos.com/backend-data'])).toEqual({ VNI: 1, VtepMAC: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/) });
    }
    const byNode = new Map(nodes.map((n) => [n.metadata.name, n.spec.podCIDR]));
    for (const name of ['server', 'client', 'other']) {
      const p = await getJson(['-n', ns, 'pod', name]);
      expect(inCidr(await podIP(name), byNode.get(p.spec.nodeName)!)).toBe(true);
    }
  });

  it('each node routes to the others over flannel.1 (route, ARP, FDB), and a node that leaves is dropped everywhere', async () => {
    const [n0, n1, n2] = await poolNodes(pool);
    const view = await poll(async () => {
      const v = await getJson(['nodenetwork', n0.metadata.name]);
      return v.status.routes.some((r: string) => r.startsWith(n2.spec.podCIDR)) ? v : undefined;
    }, 20_000, 'routes to the other nodes');
    expect(view.status).toMatchObject({ backend: 'vxlan', subnet: n0.spec.podCIDR, mtu: 1450 });
    const sub = (n: any) => n.spec.podCIDR.split('/')[0];
    for (const n of [n1, n2]) {
      expect(view.status.routes).toContain(`${n.spec.podCIDR} via ${sub(n)} dev flannel.1 onlink`);
      const mac = JSON.parse(n.metadata.annotations['flannel.alpha.coreos.com/backend-data']).VtepMAC;
      expect(view.status.neighbors).toContain(`${sub(n)} dev flannel.1 lladdr ${mac} PERMANENT`);
      expect(view.status.fdb).toContain(`${mac} dev flannel.1 dst ${n.metadata.annotations['flannel.alpha.coreos.com/public-ip']} self permanent`);
    }
    expect(view.status.subnetEnv).toBe(`FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${n0.spec.podCIDR.replace(/\.0\/24$/, '.1/24')}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`);
    const table = (await kubectl(['get', 'nodenetwork', n0.metadata.name])).stdout;
    expect(table).toMatch(/^NAME\s+BACKEND\s+SUBNET\s+PUBLIC-IP\s+MTU\s+ROUTES\s+ERRORS\s+AGE\n/);

    // the third node leaves: the others drop its route, ARP and FDB entries
    await kubectl(['-n', ns, 'delete', 'pod', 'other', '--grace-period=0', '--force'], { allowFail: true });
    await kubectl(['patch', 'nodepools.kubeflare.dev', pool, '--type=merge', '-p', '{"spec":{"nodes":2}}']);
    const after = await poll(async () => {
      const v = await getJson(['nodenetwork', n0.metadata.name]);
      return v.status.routes.some((r: string) => r.startsWith(n2.spec.podCIDR)) ? undefined : v;
    }, 30_000, `node ${n2.metadata.name} to leave`);
    expect(after.status.routes).toContain(`${n1.spec.podCIDR} via ${sub(n1)} dev flannel.1 onlink`);
    expect(after.status.fdb.some((f: string) => f.endsWith(`dst ${n2.metadata.annotations['flannel.alpha.coreos.com/public-ip']} self permanent`))).toBe(false);
    expect(after.status.neighbors.some((f: string) => f.startsWith(`${sub(n2)} `))).toBe(false);
  });
});

describe('NetworkPath between pods on different nodes, per backend', () => {
  it('vxlan encapsulates at MTU 1450; host-gw routes plainly at 1500 and is fastest; udp goes through flanneld at 1472 and is slowest', async () => {
    const vx = await path({ pod: 'server' });
    expect(vx).toMatchObject({ verdict: 'Reachable', backend: 'vxlan', encapsulation: 'VXLAN (VNI 1, UDP 8472)', mtu: 1450, sameNode: false });
    expect(vx.hops.map((h: any) => h.device)).toContain('flannel.1');

    await setNetConf({ Network: '10.244.0.0/16', Backend: { Type: 'host-gw' } });
    const hg = await poll(async () => {
      const s = await path({ pod: 'server' });
      return s.backend === 'host-gw' && s.verdict === 'Reachable' ? s : undefined;
    }, 20_000, 'the path to use host-gw');
    expect(hg).toMatchObject({ encapsulation: 'none', mtu: 1500 });
    expect(hg.hops.map((h: any) => h.device)).not.toContain('flannel.1');

    await setNetConf({ Network: '10.244.0.0/16', Backend: { Type: 'udp' } });
    const udp = await poll(async () => {
      const s = await path({ pod: 'server' });
      return s.backend === 'udp' && s.verdict === 'Reachable' ? s : undefined;
    }, 20_000, 'the path to use udp');
    expect(udp).toMatchObject({ encapsulation: 'UDP via flanneld (port 8285)', mtu: 1472 });
    expect(udp.hops.map((h: any) => h.device)).toContain('flannel0');

    expect(hg.latencyMicroseconds).toBeLessThan(vx.latencyMicroseconds);
    expect(vx.latencyMicroseconds).toBeLessThan(udp.latencyMicroseconds);
    expect(hg.throughputMbps).toBeGreaterThan(vx.throughputMbps);
    expect(vx.throughputMbps).toBeGreaterThan(udp.throughputMbps);

    // an invalid net-conf.json: flannel's error as a Warning on the ConfigMap, and the path says so
    await setNetConf({ Network: '10.244.0.0/29' });
    const event = await poll(async () => {
      const evs = (await getJson(['-n', 'kube-flannel', 'events'])).items;
      return evs.find((e: any) => e.reason === 'InvalidNetConf' && e.message.includes('network is too small. Minimum useful network prefix is /28'));
    }, 20_000, 'the InvalidNetConf event');
    expect(event).toMatchObject({ type: 'Warning', involvedObject: { kind: 'ConfigMap', name: 'kube-flannel-cfg' } });
    await setNetConf(undefined);
  });
});

describe('NetworkUnavailable', () => {
  const condition = (n: any) => (n.status?.conditions ?? []).find((c: any) => c.type === 'NetworkUnavailable');
  it("flannel running: False/FlannelIsUp; an invalid net-conf.json: True with flanneld's error on every node, never a crash; fixed: False again", async () => {
    await poll(async () => ((await poolNodes(pool)).every((n) => condition(n)?.reason === 'FlannelIsUp' && condition(n).status === 'False') ? true : undefined), 20_000, 'FlannelIsUp on the pool');
    expect(condition((await poolNodes(pool))[0]).message).toBe('Flannel is running on this node');
    await setNetConf({ Network: '10.244.0.0/16', Backend: { Type: 'vxlon' } });
    const down = await poll(async () => {
      const ns = await poolNodes(pool);
      return ns.every((n) => condition(n)?.status === 'True') ? ns : undefined;
    }, 20_000, 'NetworkUnavailable=True on the pool');
    expect(condition(down[0])).toMatchObject({ reason: 'NoRouteCreated', message: 'Failed to create SubnetManager: error parsing subnet config: unknown backend type: vxlon' });
    // the node lifecycle controller taints by condition, as upstream: no new pods land there
    await poll(async () => ((await poolNodes(pool)).every((n) => (n.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/network-unavailable')) ? true : undefined), 20_000, 'the network-unavailable taint');
    expect((await kubectl(['get', '--raw', '/readyz'])).stdout).toContain('ok');
    await setNetConf(undefined);
    await poll(async () => ((await poolNodes(pool)).every((n) => condition(n)?.status === 'False' && !(n.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/network-unavailable')) ? true : undefined), 20_000, 'FlannelIsUp and no taint again');
  });
});

describe('CNI failures', () => {
  const tiny = poolName('e2e-tiny');
  afterAll(async () => {
    await setNetConf(undefined);
    await deletePools(tiny);
  });
  it('a node whose /30 podCIDR is full: FailedCreatePodSandBox with the CNI error, the pod stays ContainerCreating, and gets its IP when one frees', async () => {
    await setNetConf({ Network: '10.244.0.0/16', SubnetLen: 30, Backend: { Type: 'vxlan' } });
    // node IPAM re-reads kube-flannel-cfg at most every 5 s (cluster-network.ts); nodes joining after that get /30s
    await new Promise((r) => setTimeout(r, 5500));
    const [node] = await applyPool(tiny, { nodes: 1, zones: ['zone-a'] }, 30_000);
    expect(node.spec.podCIDR).toMatch(/\/30$/);
    const base = ipNum(node.spec.podCIDR.split('/')[0]);
    const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    const onTiny = (name: string) => ({ ...pod(name, node.metadata.name, { app: name }), spec: { ...pod(name, node.metadata.name, {}).spec, tolerations: onPool(tiny).tolerations } });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(onTiny('first')) });
    await poll(async () => (await getJson(['-n', ns, 'pod', 'first'])).status?.podIP, 20_000, 'the first pod to get the one address');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(onTiny('second')) });
    const event = await poll(async () => (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=second'])).items.find((e: any) => e.reason === 'FailedCreatePodSandBox'), 20_000, 'FailedCreatePodSandBox');
    expect(event.type).toBe('Warning');
    expect(event.message).toMatch(/^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="flannel" failed \(add\): failed to delegate add: /);
    expect(event.message).toContain(`failed to allocate for range 0: no IP addresses available in range set: ${ip(base + 1)}-${ip(base + 2)}`);
    const row = await poll(async () => {
      const r = await kubectl(['-n', ns, 'get', 'pod', 'second', '--no-headers']);
      return r.stdout.includes('ContainerCreating') ? r.stdout : undefined;
    }, 20_000, 'second to show ContainerCreating');
    expect(row).toContain('0/1');
    await kubectl(['-n', ns, 'delete', 'pod', 'first', '--wait=false']);
    const second = await poll(async () => {
      const p = await getJson(['-n', ns, 'pod', 'second']);
      return p.status?.podIP ? p : undefined;
    }, 30_000, 'second to get the freed address on a retry');
    expect(second.status.podIP).toBe(ip(base + 2));
    await kubectl(['-n', ns, 'delete', 'pod', 'second', '--wait=false']);
  });

  it('a bandwidth annotation the runtime refuses: FailedCreatePodSandBox before CNI runs, no address taken', async () => {
    const narrow = { ...pod('narrow', nodes[0].metadata.name, { app: 'narrow' }), metadata: { name: 'narrow', annotations: { 'kubernetes.io/ingress-bandwidth': '10' } } };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(narrow) });
    const event = await poll(async () => (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=narrow'])).items.find((e: any) => e.reason === 'FailedCreatePodSandBox'), 20_000, 'FailedCreatePodSandBox for narrow');
    expect(event.message).toMatch(/failed to setup network for sandbox "[0-9a-f]{64}": get cni namespace options: reading pod bandwidth annotations: resource is unreasonably small \(< 1kbit\)$/);
    expect((await getJson(['-n', ns, 'pod', 'narrow'])).status?.podIP).toBeUndefined();
    await kubectl(['-n', ns, 'delete', 'pod', 'narrow', '--wait=false']);
  });
});

describe('NetworkPolicy', () => {
  it('a default-deny policy blocks, a rule re-allows naming the policy, and a Service path goes through the chosen endpoint', async () => {
    const open = await poll(async () => {
      const s = await path({ pod: 'server' });
      return s.backend === 'vxlan' && s.verdict === 'Reachable' ? s : undefined;
    }, 20_000, 'the vxlan path');
    expect(open.policy.ingress).toMatchObject({ isolated: false, allowed: true });

    const policy = (name: string, spec: object) => manifest({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: policy('default-deny', { podSelector: {}, policyTypes: ['Ingress'] }) });
    const denied = await path({ pod: 'server' });
    expect(denied).toMatchObject({ verdict: 'Denied', reachable: false, policy: { allowed: false, ingress: { isolated: true, allowed: false, policies: [`${ns}/default-deny`] } } });

    await kubectl(['-n', ns, 'apply', '-f', '-'], {
      stdin: policy('allow-client', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http' }] }] }),
    });
    const allowed = await path({ pod: 'server' });
    expect(allowed).toMatchObject({ verdict: 'Reachable', policy: { allowed: true, ingress: { allowedBy: { policy: `${ns}/allow-client`, rule: 0 } } } });
    expect((await path({ pod: 'server' }, 81)).verdict).toBe('Denied');

    const table = (await kubectl(['-n', ns, 'get', 'netpol'])).stdout;
    expect(table).toMatch(/^NAME\s+POD-SELECTOR\s+AGE\n/);
    expect(table).toMatch(/\nallow-client\s+app=server\s+\S+\n/);
    expect(table).toMatch(/\ndefault-deny\s+<none>\s+\S+\n/);

    // to a Service: kube-proxy's DNAT to the endpoint from the EndpointSlice, then the same policy verdict
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'server' }, ports: [{ name: 'web', port: 8080, targetPort: 'http' }] } };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(svc) });
    const serverIP = await podIP('server');
    const viaSvc = await poll(async () => {
      const s = await path({ service: 'web' }, 8080);
      return s.verdict === 'Reachable' ? s : undefined;
    }, 30_000, 'the Service to have an endpoint');
    expect(viaSvc.service.chosen).toBe(`${serverIP}:80 (${ns}/server on ${open.destination.node})`);
    expect(viaSvc.destination).toMatchObject({ pod: `${ns}/server`, ip: serverIP, port: 80 });
    expect(viaSvc.hops.find((h: any) => h.device === 'kube-proxy').detail).toBe(`DNAT ${viaSvc.service.clusterIP}:8080 → ${serverIP}:80`);
  });

  it('the CNI chain: each pod\'s CNI result on its node\'s view, and a bandwidth annotation caps the path', async () => {
    const server = await getJson(['-n', ns, 'pod', 'server']);
    const view = await getJson(['nodenetwork', server.spec.nodeName]);
    expect(view.status.cni.delegate).toMatchObject({ type: 'bridge', mtu: 1450, ipam: { type: 'host-local', ranges: [[{ subnet: view.status.subnetEnv.match(/FLANNEL_SUBNET=(\S+)/)[1] }]] } });
    const entry = view.status.cni.pods.find((p: any) => p.pod === `${ns}/server`);
    expect(entry.result.ips).toEqual([{ version: '4', address: `${server.status.podIP}/24`, gateway: view.status.subnetEnv.match(/FLANNEL_SUBNET=([\d.]+)/)[1], interface: 2 }]);

    await kubectl(['-n', ns, 'annotate', 'pod', 'server', 'kubernetes.io/ingress-bandwidth=10M']);
    const shaped = await path({ pod: 'server' });
    expect(shaped).toMatchObject({ verdict: 'Reachable', throughputMbps: 10, shaping: { ingressMbps: 10 } });
  });

  it('an Ingress of the simulated controller\'s class gets its address, and a path through it reaches the Service\'s endpoint', async () => {
    const cls = `kubeflare-${ns}`;
    await kubectl(['apply', '-f', '-'], { stdin: manifest({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: cls }, spec: { controller: 'kubeflare.dev/ingress-controller' } }) });
    try {
      const ing = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'shop' },
        spec: { ingressClassName: cls, rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'web' } } } }] } }] },
      };
      await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(ing) });
      await poll(async () => (await getJson(['-n', ns, 'ingress', 'shop'])).status?.loadBalancer?.ingress?.[0]?.ip, 20_000, 'the ingress address');
      const table = (await kubectl(['-n', ns, 'get', 'ing'])).stdout;
      expect(table).toMatch(new RegExp(`^NAME\\s+CLASS\\s+HOSTS\\s+ADDRESS\\s+PORTS\\s+AGE\\nshop\\s+${cls}\\s+shop\\.example\\.com\\s+198\\.51\\.100\\.10\\s+80\\s+`));
      const via = await path({ ingress: 'shop', path: '/api/orders' });
      expect(via).toMatchObject({ verdict: 'Reachable', ingress: { address: '198.51.100.10', host: 'shop.example.com', rule: 0, matchedPath: '/api', backend: 'web:web' }, destination: { pod: `${ns}/server`, port: 80 } });
      expect(via.hops.map((h: any) => h.device)).toContain('ingress controller 198.51.100.10:80');
      expect((await path({ ingress: 'shop', path: '/' })).reason).toBe(`no rule of ingress ${ns}/shop matches host "shop.example.com" path "/" and it has no defaultBackend (the controller answers 404)`);
      const bad = await kubectl(['-n', ns, 'create', '-f', '-'], {
        stdin: manifest({ ...ing, metadata: { name: 'bad' }, spec: { rules: [{ host: 'x.com', http: { paths: [{ path: 'api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } }),
        allowFail: true,
      });
      expect(bad.stderr).toContain('spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path');
    } finally {
      await kubectl(['delete', 'ingressclass', cls, '--ignore-not-found']);
    }
  });

  it('invalid policies are refused with 422 and upstream\'s field paths', async () => {
    const bad = manifest({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'bad' },
      spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }], ports: [{ port: 70000 }] }] },
    });
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: bad, allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive');
    expect(r.stderr).toContain('spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33"');
  });
});
