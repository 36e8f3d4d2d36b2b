// API Priority and Fairness with the real kubectl and a real flood over loopback: the bootstrap FlowSchemas and
// levels as `kubectl get` prints them; a limited user sent to a tiny priority level (3 seats, no borrowing) floods it with concurrent
// requests (node:https) and gets 429 with Retry-After and the X-Kubernetes-PF-* headers, while a quiet user's
// requests made during the flood are all served.
import { request as httpsRequest, Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';

const url = () => inject('kubeUrl');
let ns: string;
let floodToken: string;
let quietToken: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// one socket per concurrent request, as a client fleet would open them
const agent = new Agent({ rejectUnauthorized: false, keepAlive: true, maxSockets: 256 });

function get(path: string, token: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${url()}${path}`, { method: 'GET', agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function uidOf(kind: string, name: string): Promise<string> {
  return (await kubectl(['get', kind, name, '-o', 'jsonpath={.metadata.uid}'])).stdout.trim();
}

beforeAll(async () => {
  ns = await newNamespace('apf');
  for (const sa of ['flooder', 'quiet']) await kubectl(['-n', ns, 'create', 'serviceaccount', sa]);
  await kubectl(['-n', ns, 'create', 'rolebinding', 'readers', '--clusterrole=view', `--serviceaccount=${ns}:flooder`, `--serviceaccount=${ns}:quiet`]);
  floodToken = (await kubectl(['-n', ns, 'create', 'token', 'flooder'])).stdout.trim();
  quietToken = (await kubectl(['-n', ns, 'create', 'token', 'quiet'])).stdout.trim();
  await kubectl(['apply', '-f', '-'], {
    stdin: manifest(
      {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'PriorityLevelConfiguration',
        metadata: { name: `${ns}-tiny` },
        spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, borrowingLimitPercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 4, handSize: 1, queueLengthLimit: 2 } } } },
      },
      {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'FlowSchema',
        metadata: { name: `${ns}-flooder` },
        spec: {
          priorityLevelConfiguration: { name: `${ns}-tiny` },
          matchingPrecedence: 600,
          distinguisherMethod: { type: 'ByUser' },
          rules: [{ subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: ns, name: 'flooder' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }],
        },
      },
    ),
  });
});

afterAll(async () => {
  await kubectl(['delete', 'flowschema', `${ns}-flooder`, '--ignore-not-found']);
  await kubectl(['delete', 'prioritylevelconfiguration', `${ns}-tiny`, '--ignore-not-found']);
  agent.destroy();
});

describe('kubectl get', () => {
  it('flowschemas lists the bootstrap schemas with upstream columns', async () => {
    const { stdout } = await kubectl(['get', 'flowschemas']);
    const rows = tableRows(stdout);
    expect(rows[0]).toEqual(['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL']);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    expect(byName['exempt']).toEqual(['exempt', 'exempt', '1', '<none>', expect.any(String), 'False']);
    expect(byName['probes']?.slice(1, 4)).toEqual(['exempt', '2', '<none>']);
    expect(byName['global-default']?.slice(1, 4)).toEqual(['global-default', '9900', 'ByUser']);
    expect(byName['catch-all']?.slice(1, 4)).toEqual(['catch-all', '10000', 'ByUser']);
    expect(byName['kube-system-service-accounts']?.slice(1, 4)).toEqual(['workload-high', '900', 'ByNamespace']);
    // kubectl sorts by name; the bootstrap thirteen are all there
    for (const n of ['system-leader-election', 'endpoint-controller', 'workload-leader-election', 'system-node-high', 'system-nodes', 'kube-controller-manager', 'kube-scheduler', 'service-accounts']) expect(byName[n]).toBeDefined();
  });

  it('prioritylevelconfigurations lists the bootstrap levels with upstream columns', async () => {
    const rows = tableRows((await kubectl(['get', 'prioritylevelconfigurations'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'TYPE', 'NOMINALCONCURRENCYSHARES', 'QUEUES', 'HANDSIZE', 'QUEUELENGTHLIMIT', 'AGE']);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r.slice(0, 6)]));
    expect(byName['exempt']).toEqual(['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>']);
    expect(byName['catch-all']).toEqual(['catch-all', 'Limited', '5', '<none>', '<none>', '<none>']);
    expect(byName['global-default']).toEqual(['global-default', 'Limited', '20', '128', '6', '50']);
    expect(byName['workload-low']).toEqual(['workload-low', 'Limited', '100', '128', '6', '50']);
    expect(byName[`${ns}-tiny`]).toEqual([`${ns}-tiny`, 'Limited', '1', '4', '1', '2']);
  });

  it('a schema naming a missing level shows MISSINGPL True', async () => {
    await kubectl(['apply', '-f', '-'], {
      stdin: manifest({
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'FlowSchema',
        metadata: { name: `${ns}-dangling` },
        spec: { priorityLevelConfiguration: { name: `${ns}-nowhere` }, rules: [{ subjects: [{ kind: 'User', user: { name: 'nobody' } }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/nothing'] }] }] },
      }),
    });
    await poll(async () => tableRows((await kubectl(['get', 'flowschema', `${ns}-dangling`])).stdout)[1]?.[5] === 'True' || undefined, 15_000, 'MISSINGPL True');
    await kubectl(['delete', 'flowschema', `${ns}-dangling`]);
  });
});

describe('a two-user flood', () => {
  it('the flooder gets 429 with Retry-After and the PF headers while the quiet user is served', async () => {
    const [fsUid, plUid, saUid, wlUid] = await Promise.all([uidOf('flowschema', `${ns}-flooder`), uidOf('prioritylevelconfiguration', `${ns}-tiny`), uidOf('flowschema', 'service-accounts'), uidOf('prioritylevelconfiguration', 'workload-low')]);
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    // the server's configuration cache takes up the new schema within a couple of seconds
    await poll(async () => (await get(path, floodToken)).headers['x-kubernetes-pf-flowschema-uid'] === fsUid || undefined, 15_000, 'the flooder classified into its schema');

    const flood: Promise<Reply>[] = [];
    const quiet: Reply[] = [];
    // a connection the loaded proxy drops counts as status 0, not as a failed test
    for (let i = 0; i < 300; i++) flood.push(get(path, floodToken).catch(() => ({ status: 0, headers: {}, body: '' })));
    // the quiet user's requests go while the flood is in flight
    for (let i = 0; i < 10; i++) quiet.push(await get(path, quietToken));
    const flooded = await Promise.all(flood);

    const rejected = flooded.filter((r) => r.status === 429);
    const served = flooded.filter((r) => r.status === 200);
    const seen = JSON.stringify({ flood: flooded.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}), quiet: quiet.map((r) => r.status) });
    expect(rejected.length, seen).toBeGreaterThan(0);
    expect(served.length, seen).toBeGreaterThan(0);
    // every answer is served or refused; nothing else (dropped connections aside, which should be rare)
    expect(flooded.filter((r) => r.status !== 0).length, seen).toBe(rejected.length + served.length);
    expect(rejected.length + served.length, seen).toBeGreaterThan(280);
    for (const r of rejected) {
      expect(r.body).toBe('Too many requests, please try again later.\n');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.headers['x-kubernetes-pf-flowschema-uid']).toBe(fsUid);
      expect(r.headers['x-kubernetes-pf-prioritylevel-uid']).toBe(plUid);
    }
    expect(served[0]!.headers['x-kubernetes-pf-prioritylevel-uid']).toBe(plUid);
    expect(quiet.map((r) => r.status), seen).toEqual(Array(10).fill(200));
    expect(quiet[0]!.headers['x-kubernetes-pf-flowschema-uid']).toBe(saUid);
    expect(quiet[0]!.headers['x-kubernetes-pf-prioritylevel-uid']).toBe(wlUid);

    // and /metrics counts the rejections against the tiny level
    const metrics = await (await fetch(`${url()}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`apiserver_flowcontrol_rejected_requests_total\\{flow_schema="${ns}-flooder",priority_level="${ns}-tiny",reason="queue-full"\\} [1-9]`));
  });
});
