// API object rules users run into: status subresource, generation, generateName, immutability.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { configMap, webApp } from './support/fixtures';
import { getJson, kubectl, manifest, newNamespace, userView } from './support/kubectl';

describe('object semantics', () => {
  it('status is written only through the status subresource, and does not bump generation', async () => {
    const ns = await newNamespace('status');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(webApp().deployment) });
    const before = await getJson(['-n', ns, 'deploy', 'web']);
    // collisionCount is the one status field the deployment controller keeps as it finds it, so a controller running
    // concurrently does not disturb this test.
    // A status change through the main resource is ignored (the deployment strategy keeps the old status)…
    await kubectl(['-n', ns, 'patch', 'deploy', 'web', '--type=merge', '-p', '{"status":{"collisionCount":42}}']);
    expect((await getJson(['-n', ns, 'deploy', 'web'])).status.collisionCount).toBeUndefined();
    // …and a spec change through /status is ignored too.
    await kubectl([
      '-n',
      ns,
      'patch',
      'deploy',
      'web',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":7},"status":{"collisionCount":42}}',
    ]);
    const after = await getJson(['-n', ns, 'deploy', 'web']);
    expect(after.status.collisionCount).toBe(42);
    expect(after.spec.replicas).toBe(2);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    const status = JSON.parse((await kubectl(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/web/status`])).stdout);
    expect(status.kind).toBe('Deployment');
    expect(status.status.collisionCount).toBe(42);
  });

  it('generation moves with spec changes only', async () => {
    const ns = await newNamespace('generation');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(webApp().deployment) });
    expect((await getJson(['-n', ns, 'deploy', 'web'])).metadata.generation).toBe(1);
    await kubectl(['-n', ns, 'label', 'deploy', 'web', 'tier=front']);
    await kubectl(['-n', ns, 'annotate', 'deploy', 'web', 'note=hi']);
    expect((await getJson(['-n', ns, 'deploy', 'web'])).metadata.generation).toBe(1);
    await kubectl(['-n', ns, 'scale', 'deploy', 'web', '--replicas=3']);
    expect((await getJson(['-n', ns, 'deploy', 'web'])).metadata.generation).toBe(2);
  });

  it('generateName gives a random suffix', async () => {
    const ns = await newNamespace('generate-name');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' }, data: { a: 'b' } };
    const first = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(cm) });
    const second = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(cm) });
    expect(first.stdout).toMatch(/^configmap\/gen-[bcdfghjklmnpqrstvwxz2-9]{5} created\n$/);
    expect(second.stdout).toMatch(/^configmap\/gen-[bcdfghjklmnpqrstvwxz2-9]{5} created\n$/);
    expect(first.stdout).not.toBe(second.stdout);
  });

  it('an immutable ConfigMap refuses data changes and leaves the data alone', async () => {
    const ns = await newNamespace('immutable');
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest({ ...configMap('frozen', { a: '1' }), immutable: true }) });
    const r = await kubectl(['-n', ns, 'patch', 'cm', 'frozen', '-p', '{"data":{"a":"2"}}'], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([1, 'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set\n']);
    expect((await getJson(['-n', ns, 'cm', 'frozen'])).data).toEqual({ a: '1' });
    // Labels may still change.
    await kubectl(['-n', ns, 'label', 'cm', 'frozen', 'x=y']);
  });

  it('a Deployment selector cannot change', async () => {
    const ns = await newNamespace('immutable-selector');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(webApp().deployment) });
    const before = await getJson(['-n', ns, 'deploy', 'web']);
    const patch = { spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } } } } };
    const r = await kubectl(['-n', ns, 'patch', 'deploy', 'web', '--type=merge', '-p', JSON.stringify(patch)], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
    ]);
    expect(userView(await getJson(['-n', ns, 'deploy', 'web']))).toEqual(userView(before));
  });

  it('a namespace name must be a DNS label', async () => {
    const r = await kubectl(['create', '-f', '-'], { stdin: manifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Not.A.Label' } }), allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      "The Namespace \"Not.A.Label\" is invalid: metadata.name: Invalid value: \"Not.A.Label\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n",
    ]);
  });
});
