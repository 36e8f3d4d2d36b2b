import { describe, expect, it } from 'vitest';
import { webAppManifest } from './support/fixtures';
import { getJson, kubectl, newNamespace } from './support/kubectl';

describe('kubectl apply -f (client-side)', () => {
  it('creates, leaves unchanged, then configures a multi-document manifest', async () => {
    const ns = await newNamespace('apply');
    const first = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    expect(first.stdout).toBe('deployment.apps/web created\nservice/web created\nconfigmap/web-config created\n');
    expect(first.stderr).toBe('');

    // (The ConfigMap, not the Deployment: a controller may write the Deployment's status meanwhile.)
    const before = await getJson(['-n', ns, 'configmap', 'web-config']);
    const second = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    expect(second.stdout).toBe('deployment.apps/web unchanged\nservice/web unchanged\nconfigmap/web-config unchanged\n');
    const after = await getJson(['-n', ns, 'configmap', 'web-config']);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

    const third = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest('web', { greeting: 'bye', replicas: 3 }) });
    expect(third.stdout).toBe('deployment.apps/web configured\nservice/web unchanged\nconfigmap/web-config configured\n');
    expect((await getJson(['-n', ns, 'configmap', 'web-config'])).data).toEqual({ greeting: 'bye' });
    const deploy = await getJson(['-n', ns, 'deployment', 'web']);
    expect(deploy.spec.replicas).toBe(3);
    expect(deploy.metadata.generation).toBe(2);
    const lastApplied = JSON.parse(deploy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(lastApplied.spec.replicas).toBe(3);
  });

  it('fills in upstream defaults on the created Deployment', async () => {
    const ns = await newNamespace('apply-defaults');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest() });
    const d = await getJson(['-n', ns, 'deployment', 'web']);
    expect(d.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(d.metadata.generation).toBe(1);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    const c = d.spec.template.spec.containers[0];
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.ports[0].protocol).toBe('TCP');
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    const svc = await getJson(['-n', ns, 'service', 'web']);
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports[0].protocol).toBe('TCP');
  });

  it('apply of a removed field deletes it (last-applied three-way merge)', async () => {
    const ns = await newNamespace('apply-prune-field');
    const cm = (data: Record<string, string>) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"\n`).join('')}`;
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm({ a: '1', b: '2' }) });
    await kubectl(['-n', ns, 'label', 'configmap', 'c', 'added-by-hand=yes']);
    expect((await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm({ a: '1' }) })).stdout).toBe('configmap/c configured\n');
    const got = await getJson(['-n', ns, 'configmap', 'c']);
    expect(got.data).toEqual({ a: '1' });
    // Fields set outside apply survive it.
    expect(got.metadata.labels).toEqual({ 'added-by-hand': 'yes' });
  });
});
