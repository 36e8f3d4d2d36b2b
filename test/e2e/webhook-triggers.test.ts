// Signed webhook triggers end to end (issue 15): with the real kubectl, a ServiceAccount allowed only
// deployments/scale and a WebhookTrigger acting as it, a GitHub-signed POST (no bearer token) scales a Deployment;
// the same delivery again is 409 and changes nothing; a bad signature is 401 with no hint, an oversized body 413,
// malformed JSON 400; a trigger whose ServiceAccount lacks the right gets 403 and changes nothing; a Standard
// Webhooks trigger refuses a stale timestamp; a rate-limited trigger answers 429 with Retry-After; and
// `kubectl describe webhooktrigger` shows the counts and the Delivered/Rejected Events.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clockStateOf } from '../../shared/clock/clock-object';
import { clusterTimeAt } from '../../shared/clock/cluster-clock';
import { anonymousFetch } from './support/auth-fetch';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, poolName } from './support/node-pools';
import { useOwnServer } from './support/own-server';

const SECRET = "It's a Secret to Everybody";
const WHSEC = `whsec_${Buffer.from('kubeflare-standard-webhooks-key!').toString('base64')}`;
let ns: string;

function trigger(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'WebhookTrigger',
    metadata: { name },
    spec: {
      secretRef: { name: 'hook-secret', key: 'token' },
      signature: 'github',
      serviceAccountName: 'deployer',
      actions: [{ scale: { target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, replicas: '{.replicas}' } }],
      ...spec,
    },
  };
}

/** POSTs `body` to a trigger with no bearer token, signed as GitHub signs (unless `signature` is given). */
function github(name: string, body: string | Buffer, opts: { id?: string; signature?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-delivery': opts.id ?? randomUUID() };
  const sig = opts.signature === undefined ? `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` : opts.signature;
  if (sig !== null) headers['x-hub-signature-256'] = sig;
  return anonymousFetch(`${inject('kubeUrl')}/webhooks/namespaces/${ns}/${name}`, { method: 'POST', headers, body });
}

function standard(name: string, body: string, timestamp = Math.floor(Date.now() / 1000), id = `msg_${randomUUID()}`) {
  const key = Buffer.from(WHSEC.slice('whsec_'.length), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${sig}` };
  return anonymousFetch(`${inject('kubeUrl')}/webhooks/namespaces/${ns}/${name}`, { method: 'POST', headers, body });
}

/** A response's JSON body (a Status). */
const body = async (res: Response): Promise<any> => res.json();
const replicas = async () => (await getJson(['-n', ns, 'deployment', 'web'])).spec.replicas as number;

beforeAll(async () => {
  ns = await newNamespace('webhooks');
  await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=1']);
  await kubectl(['-n', ns, 'create', 'secret', 'generic', 'hook-secret', `--from-literal=token=${SECRET}`, `--from-literal=whsec=${WHSEC}`]);
  await kubectl(['-n', ns, 'create', 'serviceaccount', 'deployer']);
  await kubectl(['-n', ns, 'create', 'serviceaccount', 'nobody']);
  await kubectl(['-n', ns, 'create', 'role', 'scaler', '--verb=get,patch', '--resource=deployments/scale']);
  await kubectl(['-n', ns, 'create', 'rolebinding', 'deployer-scaler', '--role=scaler', `--serviceaccount=${ns}:deployer`]);
  const triggers = [
    trigger('scale-web', {}),
    trigger('no-rights', { serviceAccountName: 'nobody' }),
    trigger('standard', { signature: 'standard-webhooks', secretRef: { name: 'hook-secret', key: 'whsec' } }),
    trigger('limited', { rateLimit: { deliveriesPerMinute: 1, burst: 1 } }),
  ];
  await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(...triggers) });
});

describe('a GitHub-signed delivery', () => {
  it('scales the Deployment as the trigger\'s ServiceAccount, without a bearer token', async () => {
    const res = await github('scale-web', '{"replicas":3}', { id: 'delivery-1' });
    expect(res.status).toBe(200);
    expect((await body(res)).message).toBe('scale deployments.apps/web to 3');
    expect(await replicas()).toBe(3);
  });

  it('the same delivery id again is 409 and changes nothing', async () => {
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=1']);
    const res = await github('scale-web', '{"replicas":3}', { id: 'delivery-1' });
    expect(res.status).toBe(409);
    expect((await body(res)).reason).toBe('Conflict');
    expect(await replicas()).toBe(1);
  });

  it('two copies of one delivery sent at once: exactly one runs, the other is 409', async () => {
    const [a, b] = await Promise.all([github('scale-web', '{"replicas":2}', { id: 'twins' }), github('scale-web', '{"replicas":2}', { id: 'twins' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await replicas()).toBe(2);
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=1']);
  });

  it('a bad or missing signature, and an unknown trigger, are the same 401 with no hint', async () => {
    for (const res of [
      await github('scale-web', '{"replicas":5}', { signature: `sha256=${'0'.repeat(64)}` }),
      await github('scale-web', '{"replicas":5}', { signature: null }),
      await github('no-such-trigger', '{"replicas":5}'),
    ]) {
      expect(res.status).toBe(401);
      expect(await body(res)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized' });
    }
    expect(await replicas()).toBe(1);
  });

  it('an oversized body is 413, malformed JSON 400, a payload without the value 400', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    expect((await github('scale-web', big)).status).toBe(413);
    expect((await github('scale-web', '{"replicas":')).status).toBe(400);
    const missing = await github('scale-web', '{"count":4}');
    expect(missing.status).toBe(400);
    expect((await body(missing)).message).toBe('spec.actions[0].scale.replicas: the payload has no value at {.replicas}');
    expect(await replicas()).toBe(1);
  });

  it('a trigger whose ServiceAccount may not scale gets 403 in upstream\'s words and changes nothing', async () => {
    const res = await github('no-rights', '{"replicas":4}');
    expect(res.status).toBe(403);
    expect((await body(res)).message).toContain(`User "system:serviceaccount:${ns}:nobody" cannot patch resource "deployments/scale" in API group "apps" in the namespace "${ns}"`);
    expect(await replicas()).toBe(1);
  });
});

describe('a flood of bad deliveries', () => {
  it('is answered 401 each time but written at most 20 times and once a second; the counts catch up with the next delivery', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(trigger('flooded', {})) });
    const answers = [];
    const t0 = Date.now();
    for (let i = 0; i < 40; i++) answers.push((await github('flooded', '{"replicas":9}', { signature: null })).status);
    expect(new Set(answers)).toEqual(new Set([401]));
    // a burst of 20, then one a second
    const written = 20 + Math.ceil((Date.now() - t0) / 1000);
    const events = async () => (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=flooded,reason=Rejected'])).items.length;
    expect(await events()).toBeLessThanOrEqual(written);
    expect((await github('flooded', '{"replicas":1}')).status).toBe(200);
    expect((await getJson(['-n', ns, 'webhooktrigger', 'flooded'])).status).toMatchObject({ accepted: 1, rejected: 40, rejectedByReason: { Unsigned: 40 } });
    expect(await replicas()).toBe(1);
  });
});

describe('several actions', () => {
  const releaser = { secretRef: { name: 'hook-secret', key: 'token' }, signature: 'github', serviceAccountName: 'releaser' };
  const actions = (profile: string) => [
    { patch: { target: { apiVersion: 'v1', kind: 'ConfigMap', name: 'release' }, patch: { data: { sha: '{.after}' } } } },
    { apply: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'build-{.after}' }, data: { ref: '{.ref}', pusher: '{.pusher.name}' } } } },
    { setLoad: { profile, requestsPerSecond: '{.rps}' } },
  ];

  beforeAll(async () => {
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'releaser']);
    await kubectl(['-n', ns, 'create', 'configmap', 'release', '--from-literal=sha=none']);
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'releaser' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }, { apiGroups: ['kubeflare.dev'], resources: ['workloadprofiles'], verbs: ['patch'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'releaser' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'releaser' }, subjects: [{ kind: 'ServiceAccount', name: 'releaser', namespace: ns }] };
    const profile = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'WorkloadProfile', metadata: { name: 'web' }, spec: { load: { requestsPerSecond: { type: 'step', steps: [{ at: 0, value: 5 }] }, cpuPerRequest: '2m' } } };
    const release = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'WebhookTrigger', metadata: { name: 'release' }, spec: { ...releaser, actions: actions('web') } };
    const broken = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'WebhookTrigger', metadata: { name: 'release-broken' }, spec: { ...releaser, actions: actions('missing') } };
    const clock = trigger('clock', { actions: [{ advanceClock: { by: '{.by}' } }] });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(role, binding, profile, release, broken, clock) });
  });

  const push = JSON.stringify({ ref: 'refs/heads/main', after: 'f00d', pusher: { name: 'octocat' }, rps: 42 });

  it('patch, server-side apply and setLoad run in order with values from the payload', async () => {
    const res = await github('release', push);
    expect(res.status).toBe(200);
    expect((await body(res)).message).toBe('patch configmaps/release; apply configmaps/build-f00d; set workloadprofiles.kubeflare.dev/web load to 42 requests/s');
    expect((await getJson(['-n', ns, 'configmap', 'release'])).data).toEqual({ sha: 'f00d' });
    const built = await getJson(['-n', ns, 'configmap', 'build-f00d', '--show-managed-fields']);
    expect(built.data).toEqual({ ref: 'refs/heads/main', pusher: 'octocat' });
    expect(built.metadata.managedFields[0]).toMatchObject({ manager: 'webhooktrigger-release', operation: 'Apply' });
    expect((await getJson(['-n', ns, 'workloadprofile', 'web'])).spec.load).toEqual({ requestsPerSecond: { type: 'constant', value: 42 }, cpuPerRequest: '2m' });
  });

  it('when a later action would fail, none runs: the dry run refuses the delivery with the store\'s answer', async () => {
    const res = await github('release-broken', push.replace('f00d', 'beef'));
    expect(res.status).toBe(404);
    expect((await body(res)).message).toBe('spec.actions[2].setLoad: workloadprofiles.kubeflare.dev "missing" not found');
    expect((await getJson(['-n', ns, 'configmap', 'release'])).data).toEqual({ sha: 'f00d' });
    expect((await kubectl(['-n', ns, 'get', 'configmap', 'build-beef'], { allowFail: true })).code).not.toBe(0);
  });

  it('a cluster-scoped action the ServiceAccount may not do is 403 (the clock stays as it is)', async () => {
    const res = await github('clock', '{"by":"1h"}');
    expect(res.status).toBe(403);
    expect((await body(res)).message).toContain(`User "system:serviceaccount:${ns}:deployer" cannot patch resource "clusterclocks" in API group "kubeflare.dev" at the cluster scope`);
  });
});

describe('Standard Webhooks and rate limits', () => {
  it('a fresh signed delivery scales; a stale timestamp is 401', async () => {
    expect((await standard('standard', '{"replicas":2}')).status).toBe(200);
    expect(await replicas()).toBe(2);
    expect((await standard('standard', '{"replicas":6}', Math.floor(Date.now() / 1000) - 301)).status).toBe(401);
    expect(await replicas()).toBe(2);
  });

  it('over the rate limit a delivery is 429 with Retry-After', async () => {
    expect((await github('limited', '{"replicas":2}')).status).toBe(200);
    const res = await github('limited', '{"replicas":3}');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await replicas()).toBe(2);
  });
});

/** A ClusterRole for cluster-scoped actions, bound to a ServiceAccount of `namespace`. */
function clusterGrant(name: string, namespace: string, resources: string[]) {
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: ['kubeflare.dev'], resources, verbs: ['patch'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name: 'operator', namespace }] },
  ];
}

describe('cluster-scoped actions', () => {
  const pool = poolName('whfault');
  afterAll(async () => {
    await deletePools(pool);
    await kubectl(['delete', 'clusterrole,clusterrolebinding', `${ns}-faults`, '--ignore-not-found'], { allowFail: true });
  });

  it('nodeFault marks the node the payload names NotReady', async () => {
    const [node] = await applyPool(pool, { nodes: 1, heartbeat: { leaseRenewIntervalSeconds: 2, statusUpdateIntervalSeconds: 2 } });
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'operator']);
    const fault = trigger('fault', { serviceAccountName: 'operator', actions: [{ nodeFault: { pool, node: '{.node}', faults: { notReady: '{.down}' } } }] });
    await kubectl(['apply', '-f', '-'], { stdin: manifest(...clusterGrant(`${ns}-faults`, ns, ['nodepools']), { ...fault, metadata: { name: 'fault', namespace: ns } }) });
    const res = await github('fault', JSON.stringify({ node: node.metadata.name, down: true }));
    expect(res.status).toBe(200);
    expect((await getJson(['nodepool', pool])).spec.nodeFaults).toEqual({ [node.metadata.name]: { notReady: true } });
    await poll(async () => {
      const n = await getJson(['node', node.metadata.name]);
      return n.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'False') || undefined;
    }, 20_000, 'the node to report Ready=False');
  }, 60_000);
});

describe('advanceClock, on a private server (the shared one keeps real time)', () => {
  const own = useOwnServer('webhook-clock');
  const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';

  it('creates the ClusterClock when there is none and moves cluster time forward by the payload\'s duration', async () => {
    await own.kubectl(['create', 'namespace', 'ops']);
    await own.kubectl(['-n', 'ops', 'create', 'secret', 'generic', 'hook-secret', `--from-literal=token=${SECRET}`]);
    await own.kubectl(['-n', 'ops', 'create', 'serviceaccount', 'operator']);
    const clock = { ...trigger('clock', { serviceAccountName: 'operator', actions: [{ advanceClock: { by: '{.by}' } }] }), metadata: { name: 'clock', namespace: 'ops' } };
    await own.kubectl(['apply', '-f', '-'], { stdin: manifest(...clusterGrant('webhook-clock', 'ops', ['clusterclocks']), clock) });
    const send = (by: string) => {
      const body = JSON.stringify({ by });
      const headers = { 'content-type': 'application/json', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
      return anonymousFetch(`${own.url}/webhooks/namespaces/ops/clock`, { method: 'POST', headers, body });
    };
    const ahead = async () => {
      const wall = Date.now();
      const obj = await (await fetch(own.url + CLOCK)).json();
      return clusterTimeAt(clockStateOf(obj as never, wall), wall) - wall;
    };
    const first = await send('1h');
    expect(first.status).toBe(200);
    expect((await body(first)).message).toBe('advance the cluster clock by 1h');
    expect(await ahead()).toBeGreaterThan(3_600_000 - 5000);
    expect((await send('30m')).status).toBe(200);
    const lead = await ahead();
    expect(lead).toBeGreaterThan(5_400_000 - 5000);
    expect(lead).toBeLessThan(5_400_000 + 5000);
    expect((await send('-5m')).status).toBe(400);
  }, 60_000);
});

describe('outgoing notifications', () => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let failFirst = 1;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = failFirst-- > 0 ? 503 : 204;
      res.end();
    });
  });
  beforeAll(() => new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r())));
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('the result of a delivery is POSTed signed as Standard Webhooks, retried after a 503 with the same id', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/results`;
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(trigger('notifying', { notify: { url, secretRef: { name: 'hook-secret', key: 'whsec' } } })) });
    const res = await github('notifying', '{"replicas":2}', { id: 'notified-1' });
    expect(res.status).toBe(200);
    await poll(() => (received.length >= 2 ? true : undefined), 20_000, 'the notification and its retry');
    const [first, second] = received;
    expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
    const key = Buffer.from(WHSEC.slice('whsec_'.length), 'base64');
    for (const r of [first!, second!]) {
      const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
      expect(r.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
    }
    const payload = JSON.parse(second!.body);
    expect(payload).toMatchObject({ type: 'webhooktrigger.result', data: { trigger: { namespace: ns, name: 'notifying' }, delivery: { id: 'notified-1', result: 'Delivered', code: 200, message: 'scale deployments.apps/web to 2' } } });
    // sent once it was answered 2xx: nothing more arrives, and a refused delivery sends nothing
    expect((await github('notifying', '{"replicas":2}', { id: 'notified-1' })).status).toBe(409);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received).toHaveLength(2);
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=1']);
  }, 40_000);
});

describe('the example manifest', () => {
  it('examples/webhook-scale-deployment.yaml applies, and its trigger scales its Deployment', async () => {
    const demo = await newNamespace('webhook-example');
    await kubectl(['-n', demo, 'apply', '-f', '-'], { stdin: readFileSync('examples/webhook-scale-deployment.yaml', 'utf8') });
    const payload = '{"replicas":4}';
    const headers = { 'content-type': 'application/json', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', 'change-me').update(payload).digest('hex')}` };
    const res = await anonymousFetch(`${inject('kubeUrl')}/webhooks/namespaces/${demo}/scale-web`, { method: 'POST', headers, body: payload });
    expect(res.status).toBe(200);
    expect((await getJson(['-n', demo, 'deployment', 'web'])).spec.replicas).toBe(4);
  });
});

describe('kubectl', () => {
  it('describe shows the counts, the last delivery and the Delivered and Rejected Events', async () => {
    const status = (await getJson(['-n', ns, 'webhooktrigger', 'scale-web'])).status;
    expect(status).toMatchObject({ accepted: 2, rejected: 7, lastDelivery: { result: 'Rejected', reason: 'BadPayload', code: 400 } });
    expect(status.rejectedByReason).toEqual({ Replayed: 2, BadSignature: 1, Unsigned: 1, TooLarge: 1, Malformed: 1, BadPayload: 1 });
    const out = (await kubectl(['-n', ns, 'describe', 'webhooktrigger', 'scale-web'])).stdout;
    expect(out).toMatch(/Accepted:\s+2/);
    expect(out).toMatch(/Rejected:\s+7/);
    expect(out).toMatch(/Normal\s+Delivered\s+.*delivery delivery-1: scale deployments\.apps\/web to 3/);
    expect(out).toMatch(/Warning\s+Rejected\s+.*rejected \(Replayed, 409\)/);
    expect(out).toMatch(/Warning\s+Rejected\s+.*rejected \(BadSignature, 401\): the signature does not match/);
  });

  it('get lists triggers with their counts and latest result', async () => {
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'webhooktriggers'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'SIGNATURE', 'SERVICEACCOUNT', 'ACCEPTED', 'REJECTED', 'LAST-RESULT', 'LAST-DELIVERY', 'AGE']);
    expect(rows.find((r) => r[0] === 'scale-web')?.slice(0, 6)).toEqual(['scale-web', 'github', 'deployer', '2', '7', 'Rejected']);
    expect(rows.find((r) => r[0] === 'no-rights')?.slice(0, 6)).toEqual(['no-rights', 'github', 'nobody', '0', '1', 'Rejected']);
  });

  it('explain documents the kind; a typo is refused under Strict; a bad action is 422', async () => {
    expect((await kubectl(['explain', 'webhooktrigger.spec.signature'])).stdout).toContain('X-Hub-Signature-256');
    const typo = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest({ ...trigger('typo', {}), spec: { ...trigger('typo', {}).spec, signatuer: 'github' } }), allowFail: true });
    expect(typo.stderr).toContain('unknown field "spec.signatuer"');
    const bad = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(trigger('bad', { signature: 'gitlab', actions: [{ scale: { target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, replicas: '{.a..b}' } }] })), allowFail: true });
    expect(bad.stderr).toContain('spec.signature: Unsupported value: "gitlab"');
    expect(bad.stderr).toContain('spec.actions[0].scale.replicas: Invalid value: "{.a..b}"');
  });
});
