import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { webApp, webAppManifest } from './support/fixtures';
import { getJson, kubectl, newNamespace } from './support/kubectl';

describe('label, annotate, patch, replace, scale', () => {
  it('label and annotate add, overwrite (only with --overwrite) and remove', async () => {
    const ns = await newNamespace('label');
    await kubectl(['-n', ns, 'create', 'configmap', 'c']);
    expect((await kubectl(['-n', ns, 'label', 'configmap', 'c', 'tier=front'])).stdout).toBe('configmap/c labeled\n');
    const again = await kubectl(['-n', ns, 'label', 'configmap', 'c', 'tier=back'], { allowFail: true });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("error: 'tier' already has a value (front), and --overwrite is false\n");
    await kubectl(['-n', ns, 'label', 'configmap', 'c', 'tier=back', '--overwrite']);
    expect((await getJson(['-n', ns, 'cm', 'c'])).metadata.labels).toEqual({ tier: 'back' });
    expect((await kubectl(['-n', ns, 'label', 'configmap', 'c', 'tier-'])).stdout).toBe('configmap/c unlabeled\n');
    expect((await getJson(['-n', ns, 'cm', 'c'])).metadata.labels).toBeUndefined();

    expect((await kubectl(['-n', ns, 'annotate', 'configmap', 'c', 'owner=team-a'])).stdout).toBe('configmap/c annotated\n');
    expect((await getJson(['-n', ns, 'cm', 'c'])).metadata.annotations).toEqual({ owner: 'team-a' });
    await kubectl(['-n', ns, 'annotate', 'configmap', 'c', 'owner-']);
    expect((await getJson(['-n', ns, 'cm', 'c'])).metadata.annotations).toBeUndefined();
  });

  it('patch --type strategic (default) merges containers by name', async () => {
    // Without $setElementOrder, upstream's mergeSortedSlice(serverOnly, patchItems, serverOrder) puts an item that is
    // only in the patch before the live ones (it takes the patch item unless both are found in the live list).
    const ns = await newNamespace('patch-smp');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    const patch = { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } };
    expect((await kubectl(['-n', ns, 'patch', 'deployment', 'web', '-p', JSON.stringify(patch)])).stdout).toBe('deployment.apps/web patched\n');
    let d = await getJson(['-n', ns, 'deploy', 'web']);
    expect(d.spec.template.spec.containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([
      ['sidecar', 'busybox:1.36'],
      ['nginx', 'nginx:1.25'],
    ]);
    expect(d.metadata.generation).toBe(2);
    // The same patch again changes nothing: kubectl says so (it compares the object before and after, so the server
    // must not write, not even resourceVersion). A ConfigMap, because a controller may write the Deployment's status.
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=a=1']);
    const cmPatch = JSON.stringify({ data: { b: '2' } });
    expect((await kubectl(['-n', ns, 'patch', 'configmap', 'c', '-p', cmPatch])).stdout).toBe('configmap/c patched\n');
    expect((await kubectl(['-n', ns, 'patch', 'configmap', 'c', '-p', cmPatch])).stdout).toBe('configmap/c patched (no change)\n');
    const del = { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } };
    await kubectl(['-n', ns, 'patch', 'deployment', 'web', '--type', 'strategic', '-p', JSON.stringify(del)]);
    d = await getJson(['-n', ns, 'deploy', 'web']);
    expect(d.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['nginx']);
  });

  it('patch --type merge replaces lists and null deletes', async () => {
    const ns = await newNamespace('patch-merge');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    const patch = { metadata: { labels: { app: null, team: 'x' } }, spec: { template: { spec: { containers: [{ name: 'only', image: 'redis:7' }] } } } };
    expect((await kubectl(['-n', ns, 'patch', 'deployment', 'web', '--type', 'merge', '-p', JSON.stringify(patch)])).stdout).toBe(
      'deployment.apps/web patched\n',
    );
    const d = await getJson(['-n', ns, 'deploy', 'web']);
    expect(d.metadata.labels).toEqual({ team: 'x' });
    expect(d.spec.template.spec.containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([['only', 'redis:7']]);
  });

  it('patch --type json applies RFC 6902 operations, and a failed test op changes nothing', async () => {
    const ns = await newNamespace('patch-json');
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=a=1']);
    const ops = [
      { op: 'add', path: '/data/b', value: '2' },
      { op: 'replace', path: '/data/a', value: 'one' },
      { op: 'add', path: '/metadata/labels', value: { x: 'y' } },
    ];
    expect((await kubectl(['-n', ns, 'patch', 'configmap', 'c', '--type', 'json', '-p', JSON.stringify(ops)])).stdout).toBe(
      'configmap/c patched\n',
    );
    let c = await getJson(['-n', ns, 'cm', 'c']);
    expect(c.data).toEqual({ a: 'one', b: '2' });
    expect(c.metadata.labels).toEqual({ x: 'y' });
    const rv = c.metadata.resourceVersion;
    const failing = [
      { op: 'remove', path: '/data/b' },
      { op: 'test', path: '/data/a', value: 'not-one' },
    ];
    const r = await kubectl(['-n', ns, 'patch', 'configmap', 'c', '--type', 'json', '-p', JSON.stringify(failing)], { allowFail: true });
    expect(r.code).toBe(1);
    // A failed op is a 422 without causes (NewGenericServerResponse), which kubectl prints like this.
    expect(r.stderr).toBe('The request is invalid: the server rejected our request due to an error in our request\n');
    c = await getJson(['-n', ns, 'cm', 'c']);
    expect(c.data).toEqual({ a: 'one', b: '2' });
    expect(c.metadata.resourceVersion).toBe(rv);
  });

  it('replace -f swaps the whole object', async () => {
    const ns = await newNamespace('replace');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    const cm = await getJson(['-n', ns, 'cm', 'web-config']);
    cm.data = { replaced: 'true-story' };
    delete cm.metadata.labels;
    expect((await kubectl(['-n', ns, 'replace', '-f', '-'], { stdin: stringify(cm) })).stdout).toBe('configmap/web-config replaced\n');
    const after = await getJson(['-n', ns, 'cm', 'web-config']);
    expect(after.data).toEqual({ replaced: 'true-story' });
    expect(after.metadata.labels).toBeUndefined();
    expect(after.metadata.uid).toBe(cm.metadata.uid);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(cm.metadata.resourceVersion));
    // Without a resourceVersion, replace is unconditional.
    const bare = webApp().configMap;
    expect((await kubectl(['-n', ns, 'replace', '-f', '-'], { stdin: stringify({ ...bare, data: { v: '2' } }) })).stdout).toBe(
      'configmap/web-config replaced\n',
    );
    expect((await getJson(['-n', ns, 'cm', 'web-config'])).data).toEqual({ v: '2' });
  });

  it('replace --force deletes and re-creates the object', async () => {
    const ns = await newNamespace('replace-force');
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=v=1']);
    const old = await getJson(['-n', ns, 'cm', 'c']);
    const r = await kubectl(['-n', ns, 'replace', '--force', '-f', '-'], { stdin: stringify({ ...old, data: { v: '2' } }) });
    expect(r.stdout).toBe('configmap "c" deleted\nconfigmap/c replaced\n');
    const now = await getJson(['-n', ns, 'cm', 'c']);
    expect(now.data).toEqual({ v: '2' });
    expect(now.metadata.uid).not.toBe(old.metadata.uid);
  });

  it('scale deploy --replicas goes through the scale subresource', async () => {
    const ns = await newNamespace('scale');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    expect((await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=5'])).stdout).toBe('deployment.apps/web scaled\n');
    const d = await getJson(['-n', ns, 'deploy', 'web']);
    expect(d.spec.replicas).toBe(5);
    expect(d.metadata.generation).toBe(2);
    const scale = JSON.parse((await kubectl(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`])).stdout);
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', namespace: ns }, spec: { replicas: 5 } });
    expect(scale.status.selector).toBe('app=web');
    // --current-replicas is a precondition.
    const wrong = await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--current-replicas=2', '--replicas=1'], { allowFail: true });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('error: Expected replicas to be 2, was 5\n');
    expect((await getJson(['-n', ns, 'deploy', 'web'])).spec.replicas).toBe(5);
  });
});
