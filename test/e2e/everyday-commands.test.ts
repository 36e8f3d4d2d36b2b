// Other commands users reach for daily: diff, describe, edit, set image, rollout restart, expose, create service.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { configMap, webApp, webAppManifest } from './support/fixtures';
import { getJson, kubectl, manifest, newNamespace, tableRows } from './support/kubectl';

describe('everyday kubectl commands', () => {
  it('diff shows a server-side dry-run diff and exits 1 only when something would change', async () => {
    const ns = await newNamespace('diff');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(configMap('c', { greeting: 'hello' })) });
    const before = await getJson(['-n', ns, 'cm', 'c']);
    const same = await kubectl(['-n', ns, 'diff', '-f', '-'], { stdin: manifest(configMap('c', { greeting: 'hello' })), allowFail: true });
    expect([same.code, same.stdout]).toEqual([0, '']);
    const changed = await kubectl(['-n', ns, 'diff', '-f', '-'], { stdin: manifest(configMap('c', { greeting: 'bye' })), allowFail: true });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^-  greeting: hello$/m);
    expect(changed.stdout).toMatch(/^\+  greeting: bye$/m);
    // The dry run stored nothing.
    expect(await getJson(['-n', ns, 'cm', 'c'])).toEqual(before);
  });

  it('describe configmap and deployment', async () => {
    const ns = await newNamespace('describe');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    const cm = (await kubectl(['-n', ns, 'describe', 'configmap', 'web-config'])).stdout;
    expect(cm).toMatch(/^Name:\s+web-config\nNamespace:\s+/);
    expect(cm).toContain('Labels:       app=web\n');
    expect(cm).toContain('Data\n====\ngreeting:\n----\nhello\n');
    const d = (await kubectl(['-n', ns, 'describe', 'deployment', 'web'])).stdout;
    expect(d).toMatch(/^Replicas:\s+2 desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable$/m);
    expect(d).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(d).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(d).toMatch(/^\s+Image:\s+nginx:1\.25$/m);
  });

  it('edit applies what the editor saved', async () => {
    const ns = await newNamespace('edit');
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=greeting=hello']);
    // kubectl runs $EDITOR on a temp file; a sed one-liner edits it without a terminal.
    const r = await kubectl(['-n', ns, 'edit', 'configmap', 'c'], { env: { EDITOR: 'sed -i s/greeting:\\ hello/greeting:\\ edited/' } });
    expect(r.stdout).toBe('configmap/c edited\n');
    expect((await getJson(['-n', ns, 'cm', 'c'])).data).toEqual({ greeting: 'edited' });
  });

  it('set image and rollout restart patch the pod template', async () => {
    const ns = await newNamespace('set-image');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    expect((await kubectl(['-n', ns, 'set', 'image', 'deployment/web', 'nginx=nginx:1.27'])).stdout).toBe('deployment.apps/web image updated\n');
    let d = await getJson(['-n', ns, 'deploy', 'web']);
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(d.metadata.generation).toBe(2);
    expect((await kubectl(['-n', ns, 'rollout', 'restart', 'deployment/web'])).stdout).toBe('deployment.apps/web restarted\n');
    d = await getJson(['-n', ns, 'deploy', 'web']);
    expect(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(d.metadata.generation).toBe(3);
  });

  it('expose and create service allocate a ClusterIP', async () => {
    const ns = await newNamespace('expose');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(webApp().deployment) });
    expect((await kubectl(['-n', ns, 'expose', 'deployment', 'web', '--port=8080', '--target-port=80'])).stdout).toBe('service/web exposed\n');
    const svc = await getJson(['-n', ns, 'svc', 'web']);
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.ports).toEqual([{ port: 8080, protocol: 'TCP', targetPort: 80 }]);
    expect(svc.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
    // create service (protobuf body)
    expect((await kubectl(['-n', ns, 'create', 'service', 'clusterip', 'other', '--tcp=80:8080'])).stdout).toBe('service/other created\n');
    const other = await getJson(['-n', ns, 'svc', 'other']);
    expect(other.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(other.spec.clusterIP).not.toBe(svc.spec.clusterIP);
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'svc'])).stdout);
    expect(rows.find((r) => r[0] === 'other')?.slice(1, 5)).toEqual(['ClusterIP', other.spec.clusterIP, '<none>', '80/TCP']);
    // A headless service keeps clusterIP None.
    await kubectl(['-n', ns, 'create', 'service', 'clusterip', 'headless', '--clusterip=None']);
    expect((await getJson(['-n', ns, 'svc', 'headless'])).spec.clusterIP).toBe('None');
  });

  it('lists are paginated with limit and continue', async () => {
    const ns = await newNamespace('paging');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(...['a', 'b', 'c', 'd', 'e'].map((n) => configMap(n))) });
    const page1 = JSON.parse((await kubectl(['get', '--raw', `/api/v1/namespaces/${ns}/configmaps?limit=2`])).stdout);
    expect(page1.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b']);
    expect(page1.metadata.continue).toBeTruthy();
    expect(page1.metadata.remainingItemCount).toBe(4); // c, d, e and the namespace's kube-root-ca.crt
    const page2 = JSON.parse(
      (await kubectl(['get', '--raw', `/api/v1/namespaces/${ns}/configmaps?limit=2&continue=${encodeURIComponent(page1.metadata.continue)}`])).stdout,
    );
    expect(page2.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c', 'd']);
    // kubectl's own paging (--chunk-size) gets them all.
    expect((await kubectl(['-n', ns, 'get', 'cm', '--chunk-size=2', '-o', 'name'])).stdout).toBe(
      'configmap/a\nconfigmap/b\nconfigmap/c\nconfigmap/d\nconfigmap/e\nconfigmap/kube-root-ca.crt\n',
    );
  });
});
