// What the simulated kubelet says when a container cannot start, as `kubectl get pod` and `kubectl describe pod`
// show it: CreateContainerConfigError and FailedMount for missing ConfigMaps and Secrets (and the start once they
// appear), ErrImagePull / ImagePullBackOff for images the simulated registry lacks, InvalidImageName, ErrImageNeverPull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('cerr');
let ns = '';

beforeAll(async () => {
  await applyPool(pool, { nodes: 1 });
  ns = await newNamespace('container-errors');
}, 60_000);

afterAll(() => deletePools(pool));

function pod(name: string, container: Record<string, unknown>, volumes: object[] = []) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { ...onPool(pool), containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], ...container }], volumes } };
}

/** The STATUS column of `kubectl get pod`. */
async function status(name: string): Promise<string> {
  const rows = tableRows((await kubectl(['-n', ns, 'get', 'pod', name])).stdout);
  return rows[1]![2]!;
}

async function waitStatus(name: string, want: RegExp, timeoutMs = 20_000): Promise<string> {
  return poll(async () => {
    const s = await status(name);
    return want.test(s) ? s : undefined;
  }, timeoutMs, `pod ${name} STATUS ${want}`);
}

/** The Events table of `kubectl describe pod`, one string per row (type, reason, message). */
async function describedEvents(name: string): Promise<string[]> {
  const out = (await kubectl(['-n', ns, 'describe', 'pod', name])).stdout;
  const rows = out.slice(out.indexOf('\nEvents:')).split('\n');
  return rows.flatMap((r) => {
    const m = /^\s+(Normal|Warning)\s+(\S+)\s+\S+(?: \(x\d+ over \S+\))?\s+\S+\s+(.*)$/.exec(r);
    return m ? [`${m[1]} ${m[2]} ${m[3]}`] : [];
  });
}

describe('missing ConfigMaps and Secrets', () => {
  it('env from a missing ConfigMap: CreateContainerConfigError, a Failed event, and the pod starts once the ConfigMap exists', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod('env-cm', { env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'greeting' } } }] })) });
    expect(await waitStatus('env-cm', /^CreateContainerConfigError$/)).toBe('CreateContainerConfigError');
    const p = await getJson(['-n', ns, 'pod', 'env-cm']);
    expect(p.status.phase).toBe('Pending');
    expect(p.status.containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "settings" not found' });
    expect(await describedEvents('env-cm')).toEqual(expect.arrayContaining(['Warning Failed Error: configmap "settings" not found']));

    await kubectl(['-n', ns, 'create', 'configmap', 'settings', '--from-literal=other=x']);
    await poll(async () => (await getJson(['-n', ns, 'pod', 'env-cm'])).status.containerStatuses[0].state.waiting?.message?.startsWith("couldn't find key"), 20_000, 'the missing-key message');
    expect((await getJson(['-n', ns, 'pod', 'env-cm'])).status.containerStatuses[0].state.waiting.message).toBe(`couldn't find key greeting in ConfigMap ${ns}/settings`);

    await kubectl(['-n', ns, 'create', 'configmap', 'settings', '--from-literal=greeting=hi', '--dry-run=client', '-o', 'yaml'], {}).then((r) => kubectl(['apply', '-f', '-'], { stdin: r.stdout }));
    expect(await waitStatus('env-cm', /^Running$/, 30_000)).toBe('Running');
  }, 90_000);

  it('envFrom a missing Secret: CreateContainerConfigError with the secret message', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod('env-secret', { envFrom: [{ secretRef: { name: 'creds' } }] })) });
    await waitStatus('env-secret', /^CreateContainerConfigError$/);
    expect((await getJson(['-n', ns, 'pod', 'env-secret'])).status.containerStatuses[0].state.waiting.message).toBe('secret "creds" not found');
  }, 30_000);

  it('a volume of a missing ConfigMap: ContainerCreating with FailedMount events, Running once it exists', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod('vol-cm', { volumeMounts: [{ name: 'config', mountPath: '/etc/config' }] }, [{ name: 'config', configMap: { name: 'app-config' } }])) });
    await poll(async () => (await describedEvents('vol-cm')).some((e) => e.startsWith('Warning FailedMount')), 20_000, 'a FailedMount event');
    expect(await status('vol-cm')).toBe('ContainerCreating');
    expect(await describedEvents('vol-cm')).toEqual(expect.arrayContaining(['Warning FailedMount MountVolume.SetUp failed for volume "config" : configmap "app-config" not found']));
    await kubectl(['-n', ns, 'create', 'configmap', 'app-config', '--from-literal=a=1']);
    expect(await waitStatus('vol-cm', /^Running$/, 40_000)).toBe('Running');
  }, 60_000);
});

describe('images', () => {
  it('a tag the simulated registry lacks: ErrImagePull, then ImagePullBackOff, with the kubelet\'s events', async () => {
    await kubectl(['-n', ns, 'run', 'no-such-tag', '--image=busybox:does-not-exist', '--overrides', JSON.stringify({ spec: onPool(pool) })]);
    await waitStatus('no-such-tag', /^(ErrImagePull|ImagePullBackOff)$/);
    await waitStatus('no-such-tag', /^ImagePullBackOff$/);
    const events = await describedEvents('no-such-tag');
    expect(events).toEqual(expect.arrayContaining([
      'Normal Pulling Pulling image "busybox:does-not-exist"',
      'Warning Failed Failed to pull image "busybox:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/busybox:does-not-exist": failed to resolve reference "docker.io/library/busybox:does-not-exist": docker.io/library/busybox:does-not-exist: not found',
      'Warning Failed Error: ErrImagePull',
      'Normal BackOff Back-off pulling image "busybox:does-not-exist"',
      'Warning Failed Error: ImagePullBackOff',
    ]));
  }, 40_000);

  it('a reference the kubelet cannot parse: InvalidImageName', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod('bad-ref', { image: 'busybox:1.36!' })) });
    await waitStatus('bad-ref', /^InvalidImageName$/);
    const msg = 'Failed to apply default image tag "busybox:1.36!": couldn\'t parse image name "busybox:1.36!": invalid reference format';
    expect((await getJson(['-n', ns, 'pod', 'bad-ref'])).status.containerStatuses[0].state.waiting).toEqual({ reason: 'InvalidImageName', message: msg });
    expect(await describedEvents('bad-ref')).toEqual(expect.arrayContaining([`Warning InspectFailed ${msg}`, 'Warning Failed Error: InvalidImageName']));
  }, 30_000);

  it('imagePullPolicy Never with the image absent: ErrImageNeverPull', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod('never', { image: 'redis:7', imagePullPolicy: 'Never' })) });
    await waitStatus('never', /^ErrImageNeverPull$/);
    expect(await describedEvents('never')).toEqual(expect.arrayContaining(['Warning ErrImageNeverPull Container image "redis:7" is not present with pull policy of Never']));
  }, 30_000);
});

describe('a NodePool\'s missingImages', () => {
  it('makes a listed tag fail to pull on its nodes', async () => {
    await kubectl(['patch', 'nodepools.kubeflare.dev', pool, '--type=merge', '-p', JSON.stringify({ spec: { missingImages: ['nginx:1.99'] } })]);
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod('listed', { image: 'nginx:1.99' }), pod('unlisted', { image: 'nginx:1.98' })) });
    await waitStatus('listed', /^(ErrImagePull|ImagePullBackOff)$/);
    expect(await waitStatus('unlisted', /^Running$/)).toBe('Running');
  }, 40_000);
});
