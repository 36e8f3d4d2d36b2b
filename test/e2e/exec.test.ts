// kubectl exec, attach and run -i against simulated containers: kubectl 1.32 speaks the WebSocket remotecommand
// protocol (v5.channel.k8s.io) and the simulated busybox shell answers; @kubernetes/client-node's Exec too.
import * as k8s from '@kubernetes/client-node';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('exec');
let ns = '';

function pod(name: string, container: Record<string, unknown>, volumes: object[] = []) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { ...onPool(pool), containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], ...container }], volumes } };
}

beforeAll(async () => {
  await applyPool(pool, { nodes: 1 });
  ns = await newNamespace('exec');
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns }, data: { key: 'the value\n', other: 'x' } };
  const box = pod('box', { env: [{ name: 'GREETING', value: 'hello' }], volumeMounts: [{ name: 'c', mountPath: '/etc/config' }] }, [{ name: 'c', configMap: { name: 'cfg' } }]);
  await kubectl(['apply', '-f', '-'], { stdin: manifest(cm, box) });
  await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/box', '--timeout=30s']);
}, 90_000);

afterAll(() => deletePools(pool));

const exec = (args: string[], stdin?: string) => kubectl(['-n', ns, 'exec', ...args], { allowFail: true, stdin });

describe('kubectl exec', () => {
  it('echo prints and exits 0', async () => {
    expect(await exec(['box', '--', 'echo', 'hi'])).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
  });

  it("a non-zero exit is kubectl's own exit code with its message", async () => {
    const r = await exec(['box', '--', 'sh', '-c', 'echo before; exit 3']);
    expect(r).toEqual({ code: 3, stdout: 'before\n', stderr: 'command terminated with exit code 3\n' });
  });

  it('cat of a mounted ConfigMap key, ls of its directory, env with the service links', async () => {
    expect((await exec(['box', '--', 'cat', '/etc/config/key'])).stdout).toBe('the value\n');
    expect((await exec(['box', '--', 'ls', '/etc/config'])).stdout).toBe('key\nother\n');
    const env = (await exec(['box', '--', 'env'])).stdout.split('\n');
    expect(env).toEqual(expect.arrayContaining(['GREETING=hello', 'HOSTNAME=box', 'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443']));
  });

  it('-i: stdin reaches the process (cat echoes it, sh runs it)', async () => {
    expect(await exec(['-i', 'box', '--', 'cat'], 'hello\nworld\n')).toEqual({ code: 0, stdout: 'hello\nworld\n', stderr: '' });
    const sh = await exec(['-i', 'box', '--', 'sh'], 'echo one\nhostname\nexit 4\necho never\n');
    expect(sh).toEqual({ code: 4, stdout: 'one\nbox\n', stderr: 'command terminated with exit code 4\n' });
  });

  it('an unknown program: the runtime error as containerd and the stream translator report it; in sh, status 127', async () => {
    const r = await exec(['box', '--', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in \$PATH: unknown\n$/,
    );
    expect(await exec(['box', '--', 'sh', '-c', 'nope'])).toEqual({ code: 127, stdout: '', stderr: 'sh: nope: not found\ncommand terminated with exit code 127\n' });
  });

  it('a container the pod lacks is a 400; a container not running is the kubelet\'s "container not found"', async () => {
    const bad = await exec(['box', '-c', 'nope', '--', 'echo']);
    expect(bad).toMatchObject({ code: 1, stderr: 'Error from server (BadRequest): container nope is not valid for pod box\n' });
    const waiting = pod('waiting', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k' } } }] });
    await kubectl(['apply', '-f', '-'], { stdin: manifest(waiting) });
    await poll(async () => (await getJson(['-n', ns, 'pod', 'waiting'])).status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError', 20_000, 'CreateContainerConfigError');
    const r = await exec(['waiting', '--', 'echo', 'hi']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: Internal error occurred: unable to upgrade connection: container not found ("app")\n' });
  }, 40_000);

  it('a request without an upgrade gets upstream\'s 400 "Upgrade request required"', async () => {
    const res = await fetch(`${inject('kubeUrl')}/api/v1/namespaces/${ns}/pods/box/exec?command=ls&stdout=true`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'Upgrade request required', code: 400 });
  });

  it('a user without pods/exec gets 403', async () => {
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'viewer']);
    await kubectl(['-n', ns, 'create', 'rolebinding', 'viewer', '--clusterrole=view', `--serviceaccount=${ns}:viewer`]);
    const r = await exec([`--as=system:serviceaccount:${ns}:viewer`, 'box', '--', 'echo', 'hi']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error from server (Forbidden): pods "box" is forbidden: User "system:serviceaccount:${ns}:viewer" cannot create resource "pods/exec" in API group "" in the namespace "${ns}"\n`);
  });
});

describe('kubectl run -i --rm and attach', () => {
  it('run -i --rm of a quick command prints its output and deletes the pod', async () => {
    const r = await kubectl(['-n', ns, 'run', '-i', '--rm', '--restart=Never', 'quick', '--image=busybox', `--overrides=${JSON.stringify({ spec: onPool(pool) })}`, '--', 'echo', 'hi'], { timeoutMs: 40_000 });
    expect(r.stdout).toContain('hi\n');
    expect(r.stdout).toContain('pod "quick" deleted');
    expect((await kubectl(['-n', ns, 'get', 'pod', 'quick'], { allowFail: true })).code).toBe(1);
  }, 45_000);

  it('run -i --rm attaches to a running container: its later output streams, its exit code is kubectl\'s', async () => {
    const script = 'sleep 3; echo hi; sleep 1; echo there; exit 2';
    const r = await kubectl(['-n', ns, 'run', '-i', '--rm', '--restart=Never', 'slow', '--image=busybox', `--overrides=${JSON.stringify({ spec: onPool(pool) })}`, '--', 'sh', '-c', script], { allowFail: true, timeoutMs: 40_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/hi\nthere\n/);
    expect(r.stderr).not.toContain("couldn't attach");
    expect((await kubectl(['-n', ns, 'get', 'pod', 'slow'], { allowFail: true })).code).toBe(1);
  }, 45_000);

  it('run -i --rm of a shell: attach feeds stdin to it, the pod goes when the session ends', async () => {
    const r = await kubectl(['-n', ns, 'run', '-i', '--rm', 'shell', '--image=busybox', `--overrides=${JSON.stringify({ spec: onPool(pool) })}`, '--', 'sh'], { stdin: 'echo hi from $HOSTNAME\nexit\n', timeoutMs: 40_000 });
    expect(r.stdout).toContain('hi from shell\n');
    expect(r.stdout).toContain('pod "shell" deleted');
  }, 45_000);
});

describe('@kubernetes/client-node Exec', () => {
  it('runs a command and reports its status', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(inject('kubeconfig'));
    let out = '';
    const stdout = new Writable({ write: (chunk, _enc, done) => { out += String(chunk); done(); } });
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc).exec(ns, 'box', 'app', ['sh', '-c', 'echo from-client; exit 5'], stdout, new PassThrough(), null, false, (s) => resolve(s)).catch(reject);
    });
    expect(out).toBe('from-client\n');
    expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '5' }] } });
  });
});
