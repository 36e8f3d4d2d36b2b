// Services as a user meets them with kubectl: `kubectl expose` gives Endpoints and EndpointSlices that follow
// pod readiness (the Endpoints and EndpointSlice controllers), NodePorts are allocated and conflicts refused,
// and default/kubernetes exists from the start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('svc');

beforeAll(async () => {
  await applyPool(pool, { nodes: 2, zones: ['zone-a'] });
}, 40_000);

afterAll(() => deletePools(pool));

function deployment(ns: string, replicas: number, readinessDelaySeconds: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { 'kubeflare.dev/readiness-delay-seconds': String(readinessDelaySeconds) } },
        spec: { ...onPool(pool), containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }] },
      },
    },
  };
}

const count = (ep: any, key: 'addresses' | 'notReadyAddresses') => (ep?.subsets ?? []).reduce((n: number, s: any) => n + (s[key]?.length ?? 0), 0);

describe('Services', () => {
  it('kubectl expose deployment web --port 80 gives Endpoints and EndpointSlices that follow pod readiness', async () => {
    const ns = await newNamespace('expose');
    await kubectl(['apply', '-f', '-'], { stdin: manifest(deployment(ns, 2, 1)) });
    const exposed = await kubectl(['-n', ns, 'expose', 'deployment', 'web', '--port', '80']);
    expect(exposed.stdout).toBe('service/web exposed\n');

    const ready = await poll(async () => {
      const ep = await getJson(['-n', ns, 'endpoints', 'web']).catch(() => undefined);
      return count(ep, 'addresses') === 2 ? ep : undefined;
    }, 30_000, 'two ready addresses in endpoints/web');
    const pods = (await getJson(['-n', ns, 'pods', '-l', 'app=web'])).items;
    const ips = pods.map((p: any) => p.status.podIP).sort();
    expect(ready.subsets).toHaveLength(1);
    expect(ready.subsets[0].addresses.map((a: any) => a.ip).sort()).toEqual(ips);
    expect(ready.subsets[0].ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    expect(ready.subsets[0].addresses[0].targetRef).toMatchObject({ kind: 'Pod', namespace: ns });

    const slices = (await getJson(['-n', ns, 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items;
    expect(slices).toHaveLength(1);
    const [slice] = slices;
    expect(slice.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences).toMatchObject([{ apiVersion: 'v1', kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true }]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(slice.endpoints.map((e: any) => e.addresses[0]).sort()).toEqual(ips);
    for (const e of slice.endpoints) {
      expect(e.conditions).toEqual({ ready: true, serving: true, terminating: false });
      expect(e.zone).toBe('zone-a');
      expect(pods.map((p: any) => p.spec.nodeName)).toContain(e.nodeName);
    }

    const table = (await kubectl(['-n', ns, 'get', 'endpointslices'])).stdout;
    const rows = tableRows(table);
    expect(rows[0]).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(rows[1]!.slice(0, 4)).toEqual([slice.metadata.name, 'IPv4', '80', slice.endpoints.map((e: any) => e.addresses[0]).join(',')]);
    const describe = (await kubectl(['-n', ns, 'describe', 'svc', 'web'])).stdout;
    expect(describe).toMatch(new RegExp(`Endpoints:\\s+(${ips.map((ip: string) => `${ip.replace(/\./g, '\\.')}:80`).join('|')}),`));

    // a new replica is listed as not ready until its readiness delay has passed, then as ready
    await kubectl(['-n', ns, 'patch', 'deployment', 'web', '--type=json', '-p', JSON.stringify([
      { op: 'replace', path: '/spec/template/metadata/annotations/kubeflare.dev~1readiness-delay-seconds', value: '6' },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ])]);
    // the Endpoints and EndpointSlice controllers act on their own: each must show the window, seen in any poll
    let endpointsNotReady = false;
    let sliceNotReady = false;
    await poll(async () => {
      endpointsNotReady ||= count(await getJson(['-n', ns, 'endpoints', 'web']), 'notReadyAddresses') >= 1;
      const sliceEndpoints = (await getJson(['-n', ns, 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items.flatMap((s: any) => s.endpoints ?? []);
      sliceNotReady ||= sliceEndpoints.some((e: any) => e.conditions.ready === false && e.conditions.serving === false && e.conditions.terminating === false);
      return endpointsNotReady && sliceNotReady;
    }, 20_000, 'a not-ready address for a new pod in both the Endpoints and an EndpointSlice');
    await poll(async () => {
      const ep = await getJson(['-n', ns, 'endpoints', 'web']);
      const slicesNow = (await getJson(['-n', ns, 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items;
      const live = (await getJson(['-n', ns, 'pods', '-l', 'app=web'])).items.filter((p: any) => !p.metadata.deletionTimestamp);
      return live.length === 3 && count(ep, 'addresses') === 3 && count(ep, 'notReadyAddresses') === 0 && slicesNow.flatMap((s: any) => s.endpoints).filter((e: any) => e.conditions.ready).length === 3;
    }, 40_000, 'three ready addresses after the rollout');

    // deleting the service takes its Endpoints and (owned) EndpointSlices with it
    await kubectl(['-n', ns, 'delete', 'svc', 'web']);
    await poll(async () => {
      const eps = (await getJson(['-n', ns, 'endpoints'])).items;
      const left = (await getJson(['-n', ns, 'endpointslices'])).items;
      return eps.length === 0 && left.length === 0;
    }, 20_000, 'endpoints and slices of the deleted service to go');
  }, 120_000);

  it('a headless service gets slices labelled headless; a service without a selector keeps the Endpoints its user wrote', async () => {
    const ns = await newNamespace('headless');
    await kubectl(['apply', '-f', '-'], { stdin: manifest(deployment(ns, 1, 0)) });
    await kubectl(['-n', ns, 'create', 'service', 'clusterip', 'web', '--clusterip=None']);
    const slice = await poll(async () => {
      const items = (await getJson(['-n', ns, 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items;
      return items[0]?.endpoints?.some((e: any) => e.conditions.ready) ? items[0] : undefined;
    }, 30_000, 'a ready endpoint for the headless service');
    expect(slice.metadata.labels['service.kubernetes.io/headless']).toBe('');
    expect((await getJson(['-n', ns, 'endpoints', 'web'])).metadata.labels).toEqual({ app: 'web', 'service.kubernetes.io/headless': '' });

    const external = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: ns }, spec: { ports: [{ port: 5432 }] } },
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db', namespace: ns }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 5432 }] }] },
    ];
    await kubectl(['apply', '-f', '-'], { stdin: manifest(...external) });
    // the controllers hear of the service and must leave its Endpoints (and slices) alone
    await new Promise((r) => setTimeout(r, 3000));
    const ep = await getJson(['-n', ns, 'endpoints', 'db']);
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    expect((await getJson(['-n', ns, 'endpointslices', '-l', 'kubernetes.io/service-name=db'])).items).toEqual([]);
  }, 60_000);

  it('NodePorts: allocated from 30000-32767, a taken or out-of-range port refused, released when the type changes', async () => {
    const ns = await newNamespace('nodeport');
    await kubectl(['-n', ns, 'create', 'service', 'nodeport', 'a', '--tcp=80:8080', '--node-port=30080']);
    expect((await getJson(['-n', ns, 'svc', 'a'])).spec.ports[0].nodePort).toBe(30080);
    expect(tableRows((await kubectl(['-n', ns, 'get', 'svc', 'a'])).stdout)[1]![4]).toBe('80:30080/TCP');

    const taken = await kubectl(['-n', ns, 'create', 'service', 'nodeport', 'b', '--tcp=80:8080', '--node-port=30080'], { allowFail: true });
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toBe('error: failed to create NodePort service: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
    const range = await kubectl(['-n', ns, 'create', 'service', 'nodeport', 'c', '--tcp=80:8080', '--node-port=8080'], { allowFail: true });
    expect(range.stderr).toContain('spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
    expect((await getJson(['-n', ns, 'svc'])).items.map((s: any) => s.metadata.name)).toEqual(['a']);

    await kubectl(['-n', ns, 'create', 'service', 'nodeport', 'd', '--tcp=80:8080']);
    const picked = (await getJson(['-n', ns, 'svc', 'd'])).spec.ports[0].nodePort;
    expect(picked).toBeGreaterThanOrEqual(30000);
    expect(picked).toBeLessThanOrEqual(32767);

    await kubectl(['-n', ns, 'patch', 'svc', 'a', '-p', '{"spec":{"type":"ClusterIP"}}']);
    expect((await getJson(['-n', ns, 'svc', 'a'])).spec.ports[0].nodePort).toBeUndefined();
    await poll(async () => (await kubectl(['-n', ns, 'create', 'service', 'nodeport', 'b', '--tcp=80:8080', '--node-port=30080'], { allowFail: true })).code === 0, 10_000, '30080 to be free again');
  }, 60_000);

  it('default/kubernetes is there from the start, with its endpoints', async () => {
    const rows = tableRows((await kubectl(['-n', 'default', 'get', 'svc', 'kubernetes'])).stdout);
    expect(rows[1]!.slice(0, 5)).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
    const ep = tableRows((await kubectl(['-n', 'default', 'get', 'endpoints', 'kubernetes'])).stdout);
    expect(ep[1]!.slice(0, 2)).toEqual(['kubernetes', '192.0.2.1:6443']);
    const slice = tableRows((await kubectl(['-n', 'default', 'get', 'endpointslices', 'kubernetes'])).stdout);
    expect(slice[1]!.slice(0, 4)).toEqual(['kubernetes', 'IPv4', '6443', '192.0.2.1']);
  });
});
