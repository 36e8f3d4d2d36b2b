import { describe, expect, it } from 'vitest';
import { configMap } from './support/fixtures';
import { getJson, kubectl, kubectlWatching, manifest, newNamespace, poll } from './support/kubectl';

describe('kubectl delete', () => {
  it('deletes a pod and a configmap, and kubectl returns once they are gone', async () => {
    const ns = await newNamespace('delete');
    expect((await kubectl(['-n', ns, 'run', 'p', '--image=nginx:1.25', '--restart=Never'])).stdout).toBe('pod/p created\n');
    await kubectl(['-n', ns, 'create', 'configmap', 'c']);
    expect((await kubectl(['-n', ns, 'delete', 'pod', 'p'], { timeoutMs: 60_000 })).stdout).toBe('pod "p" deleted\n');
    expect((await kubectl(['-n', ns, 'get', 'pod', 'p'], { allowFail: true })).stderr).toBe('Error from server (NotFound): pods "p" not found\n');
    expect((await kubectl(['-n', ns, 'delete', 'configmap', 'c', '--wait'])).stdout).toBe('configmap "c" deleted\n');
    expect((await kubectl(['-n', ns, 'get', 'configmap', 'c'], { allowFail: true })).stderr).toBe(
      'Error from server (NotFound): configmaps "c" not found\n',
    );
    // Deleting what is not there is NotFound, unless --ignore-not-found.
    const again = await kubectl(['-n', ns, 'delete', 'configmap', 'c'], { allowFail: true });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('Error from server (NotFound): configmaps "c" not found\n');
    expect((await kubectl(['-n', ns, 'delete', 'configmap', 'c', '--ignore-not-found'])).stdout).toBe('');
  });

  it('deletes by label selector and --all', async () => {
    const ns = await newNamespace('delete-many');
    await kubectl(['-n', ns, 'apply', '-f', '-'], {
      stdin: manifest(configMap('a1', {}, { labels: { g: 'a' } }), configMap('a2', {}, { labels: { g: 'a' } }), configMap('b1', {}, { labels: { g: 'b' } })),
    });
    expect((await kubectl(['-n', ns, 'delete', 'configmaps', '-l', 'g=a'])).stdout).toBe('configmap "a1" deleted\nconfigmap "a2" deleted\n');
    expect((await kubectl(['-n', ns, 'get', 'cm', '-o', 'name'])).stdout).toBe('configmap/b1\nconfigmap/kube-root-ca.crt\n');
    // --all takes the namespace's kube-root-ca.crt too; the root-ca-cert-publisher puts it back, as on any cluster
    expect((await kubectl(['-n', ns, 'delete', 'configmaps', '--all'])).stdout).toBe('configmap "b1" deleted\nconfigmap "kube-root-ca.crt" deleted\n');
    await poll(async () => (await kubectl(['-n', ns, 'get', 'cm', '-o', 'name'])).stdout === 'configmap/kube-root-ca.crt\n', 20_000, 'only kube-root-ca.crt, put back');
  });

  it('an object with a finalizer stays, with deletionTimestamp, until the finalizer is removed', async () => {
    const ns = await newNamespace('finalizer');
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(configMap('held', { a: 'b' }, { finalizers: ['e2e.kubeflare.dev/hold'] })) });
    expect((await kubectl(['-n', ns, 'delete', 'configmap', 'held', '--wait=false'])).stdout).toBe('configmap "held" deleted\n');
    const held = await getJson(['-n', ns, 'configmap', 'held']);
    expect(held.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(held.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(held.metadata.finalizers).toEqual(['e2e.kubeflare.dev/hold']);
    // While terminating, the object can still be updated but gains no new finalizers (ValidateNoNewFinalizers).
    await kubectl(['-n', ns, 'label', 'configmap', 'held', 'still=writable']);
    const add = '[{"op":"add","path":"/metadata/finalizers/-","value":"e2e.kubeflare.dev/other"}]';
    const more = await kubectl(['-n', ns, 'patch', 'configmap', 'held', '--type=json', '-p', add], { allowFail: true });
    expect(more.stderr).toBe(
      'The ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"e2e.kubeflare.dev/other"}\n',
    );
    // A second delete is accepted and changes nothing.
    await kubectl(['-n', ns, 'delete', 'configmap', 'held', '--wait=false']);
    expect((await getJson(['-n', ns, 'configmap', 'held'])).metadata.deletionTimestamp).toBe(held.metadata.deletionTimestamp);

    // `delete --wait` (the default) blocks until the finalizer goes: run it with a short timeout.
    const waiting = await kubectl(['-n', ns, 'delete', 'configmap', 'held', '--timeout=3s'], { allowFail: true });
    expect(waiting.code).toBe(1);
    // (On a loaded machine kubectl may also log that its watch hit the same deadline: only the last line is asserted.)
    expect(waiting.stderr.trim().split('\n').at(-1)).toBe('error: timed out waiting for the condition on configmaps/held');

    expect((await kubectl(['-n', ns, 'patch', 'configmap', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])).stdout).toBe(
      'configmap/held patched\n',
    );
    await poll(async () => (await kubectl(['-n', ns, 'get', 'configmap', 'held'], { allowFail: true })).code === 1, 10_000, 'held to be gone');
    expect((await kubectl(['-n', ns, 'get', 'configmap', 'held'], { allowFail: true })).stderr).toBe(
      'Error from server (NotFound): configmaps "held" not found\n',
    );
  });

  it('kubectl wait --for=delete returns when a finalizer is removed concurrently', async () => {
    const ns = await newNamespace('wait-delete');
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(configMap('held', {}, { finalizers: ['e2e.kubeflare.dev/hold'] })) });
    await kubectl(['-n', ns, 'delete', 'configmap', 'held', '--wait=false']);
    const waiter = await kubectlWatching(['-n', ns, 'wait', '--for=delete', 'configmap/held', '--timeout=20s']);
    try {
      await kubectl(['-n', ns, 'patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
      const r = await waiter.exited;
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('configmap/held condition met\n');
    } finally {
      await waiter.stop();
    }
  });
});
