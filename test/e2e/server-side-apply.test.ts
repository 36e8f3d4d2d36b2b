import { describe, expect, it } from 'vitest';
import { configMap } from './support/fixtures';
import { getJson, kubectl, manifest, newNamespace } from './support/kubectl';

const CONFLICT_HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;

describe('kubectl apply --server-side', () => {
  it('creates, reports a conflict for another manager, and --force-conflicts takes the field over', async () => {
    const ns = await newNamespace('ssa');
    const cm = (v: string, extra: Record<string, string> = {}) => manifest(configMap('settings', { mode: v, ...extra }));
    expect((await kubectl(['-n', ns, 'apply', '--server-side', '-f', '-'], { stdin: cm('fast') })).stdout).toBe(
      'configmap/settings serverside-applied\n',
    );
    const created = await getJson(['-n', ns, 'configmap', 'settings', '--show-managed-fields']);
    expect(created.data).toEqual({ mode: 'fast' });
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:mode': {} } } }),
    ]);
    // Re-applying the same manifest is accepted and changes nothing.
    await kubectl(['-n', ns, 'apply', '--server-side', '-f', '-'], { stdin: cm('fast') });
    expect((await getJson(['-n', ns, 'configmap', 'settings'])).metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    const beforeConflict = await getJson(['-n', ns, 'configmap', 'settings']);
    const conflict = await kubectl(['-n', ns, 'apply', '--server-side', '--field-manager=other', '-f', '-'], { stdin: cm('slow'), allowFail: true });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toBe(`error: Apply failed with 1 conflict: conflict with "kubectl": .data.mode\n${CONFLICT_HINT}`);
    expect(await getJson(['-n', ns, 'configmap', 'settings'])).toEqual(beforeConflict);

    // Another manager may add a field nobody owns without conflict.
    await kubectl(['-n', ns, 'apply', '--server-side', '--field-manager=other', '-f', '-'], { stdin: manifest(configMap('settings', { extra: 'x' })) });
    expect((await getJson(['-n', ns, 'configmap', 'settings'])).data).toEqual({ mode: 'fast', extra: 'x' });

    const forced = await kubectl(['-n', ns, 'apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], {
      stdin: cm('slow', { extra: 'x' }),
    });
    expect(forced.stdout).toBe('configmap/settings serverside-applied\n');
    const after = await getJson(['-n', ns, 'configmap', 'settings', '--show-managed-fields']);
    expect(after.data).toEqual({ mode: 'slow', extra: 'x' });
    const owners = Object.fromEntries(after.metadata.managedFields.map((f: { manager: string; fieldsV1: object }) => [f.manager, f.fieldsV1]));
    expect(owners.other).toEqual({ 'f:data': { 'f:mode': {}, 'f:extra': {} } });
    // kubectl lost its only field, so its entry is gone.
    expect(owners.kubectl).toBeUndefined();
  });

  it('a field dropped from the applied manifest is removed when no one else owns it', async () => {
    const ns = await newNamespace('ssa-remove');
    await kubectl(['-n', ns, 'apply', '--server-side', '-f', '-'], { stdin: manifest(configMap('c', { a: '1', b: '2' })) });
    await kubectl(['-n', ns, 'apply', '--server-side', '-f', '-'], { stdin: manifest(configMap('c', { a: '1' })) });
    expect((await getJson(['-n', ns, 'configmap', 'c'])).data).toEqual({ a: '1' });
  });

  it('a conflict with a client-side update manager names that manager', async () => {
    const ns = await newNamespace('ssa-update-conflict');
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=a=1']);
    const r = await kubectl(['-n', ns, 'apply', '--server-side', '-f', '-'], { stdin: manifest(configMap('c', { a: '2' })), allowFail: true });
    expect(r.stderr).toBe(`error: Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a\n${CONFLICT_HINT}`);
    expect((await getJson(['-n', ns, 'configmap', 'c'])).data).toEqual({ a: '1' });
  });
});

describe('--dry-run=server', () => {
  it('create, apply, patch and delete change nothing', async () => {
    const ns = await newNamespace('dry-run');
    expect((await kubectl(['-n', ns, 'create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server'])).stdout).toBe(
      'configmap/dry created (server dry run)\n',
    );
    expect((await kubectl(['-n', ns, 'get', 'configmap', 'dry'], { allowFail: true })).stderr).toBe(
      'Error from server (NotFound): configmaps "dry" not found\n',
    );
    // The dry-run response is the object the server would have stored.
    const preview = JSON.parse((await kubectl(['-n', ns, 'create', 'configmap', 'dry', '--dry-run=server', '-o', 'json'])).stdout);
    expect(preview.metadata.uid).toBeTruthy();
    expect(preview.metadata.creationTimestamp).toBeTruthy();

    expect((await kubectl(['-n', ns, 'apply', '--dry-run=server', '-f', '-'], { stdin: manifest(configMap('ap', { a: '1' })) })).stdout).toBe(
      'configmap/ap created (server dry run)\n',
    );
    expect((await kubectl(['-n', ns, 'get', 'configmap', 'ap'], { allowFail: true })).code).toBe(1);

    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(configMap('real', { v: 'original' })) });
    const before = await getJson(['-n', ns, 'configmap', 'real']);
    expect((await kubectl(['-n', ns, 'apply', '--dry-run=server', '-f', '-'], { stdin: manifest(configMap('real', { v: 'changed' })) })).stdout).toBe(
      'configmap/real configured (server dry run)\n',
    );
    await kubectl(['-n', ns, 'apply', '--server-side', '--force-conflicts', '--dry-run=server', '-f', '-'], {
      stdin: manifest(configMap('real', { v: 'ssa' })),
    });
    // kubectl patch prints no "(server dry run)" suffix (its printer ignores the dry-run strategy); the data check below tells.
    expect((await kubectl(['-n', ns, 'patch', 'configmap', 'real', '--dry-run=server', '-p', '{"data":{"v":"patched"}}'])).stdout).toBe(
      'configmap/real patched\n',
    );
    expect((await kubectl(['-n', ns, 'delete', 'configmap', 'real', '--dry-run=server'])).stdout).toBe('configmap "real" deleted (server dry run)\n');
    const after = await getJson(['-n', ns, 'configmap', 'real']);
    expect(after.data).toEqual({ v: 'original' });
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});
