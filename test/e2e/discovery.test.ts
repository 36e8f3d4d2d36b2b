import { describe, expect, inject, it } from 'vitest';
import { kubectl, tableRows } from './support/kubectl';

describe('discovery, explain and raw endpoints', () => {
  it('api-resources lists the core kinds with short names', async () => {
    const rows = tableRows((await kubectl(['api-resources'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const byName = (name: string, version: string) => rows.find((r) => r[0] === name && r[2] === version);
    expect(byName('pods', 'v1')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(byName('namespaces', 'v1')).toEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    expect(byName('nodes', 'v1')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(byName('configmaps', 'v1')).toEqual(['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
    expect(byName('services', 'v1')).toEqual(['services', 'svc', 'v1', 'true', 'Service']);
    expect(byName('deployments', 'apps/v1')).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(byName('replicasets', 'apps/v1')).toEqual(['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet']);
    expect(byName('horizontalpodautoscalers', 'autoscaling/v2')).toEqual([
      'horizontalpodautoscalers',
      'hpa',
      'autoscaling/v2',
      'true',
      'HorizontalPodAutoscaler',
    ]);
    // jobs have no short name, so its row has one cell less once split on the column padding.
    expect(rows.find((r) => r[0] === 'jobs')).toEqual(['jobs', 'batch/v1', 'true', 'Job']);
    // Only namespaced, by group.
    const apps = tableRows((await kubectl(['api-resources', '--api-group=apps', '--namespaced=true', '-o', 'name'])).stdout).map((r) => r[0]);
    expect(apps).toEqual(expect.arrayContaining(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps']));
  });

  it('api-versions lists the served group versions', async () => {
    const versions = (await kubectl(['api-versions'])).stdout.trim().split('\n');
    expect(versions).toEqual(expect.arrayContaining(['v1', 'apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'policy/v1']));
  });

  it('explain deployment.spec.replicas', async () => {
    const r = await kubectl(['explain', 'deployment.spec.replicas']);
    expect(r.stdout).toBe(
      'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n' +
        '    Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.\n    \n\n',
    );
  });

  it('explain pods lists the top-level fields with their types', async () => {
    const out = (await kubectl(['explain', 'pods'])).stdout;
    expect(out.startsWith('KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n')).toBe(true);
    for (const f of ['apiVersion\t<string>', 'kind\t<string>', 'metadata\t<ObjectMeta>', 'spec\t<PodSpec>', 'status\t<PodStatus>']) {
      expect(out).toContain(`  ${f}\n`);
    }
    const containers = (await kubectl(['explain', 'pod.spec.containers.image'])).stdout;
    expect(containers).toContain('FIELD: image <string>');
  });

  it('get --raw /healthz, /readyz, /livez and /version', async () => {
    expect((await kubectl(['get', '--raw', '/healthz'])).stdout).toBe('ok');
    expect((await kubectl(['get', '--raw', '/readyz'])).stdout).toBe('ok');
    expect((await kubectl(['get', '--raw', '/livez'])).stdout).toBe('ok');
    const version = JSON.parse((await kubectl(['get', '--raw', '/version'])).stdout);
    expect(version).toMatchObject({ major: '1', minor: '32' });
    expect(version.gitVersion).toMatch(/^v1\.32\.\d+/);
    const both = JSON.parse((await kubectl(['version', '-o', 'json'])).stdout);
    expect(both.serverVersion.minor).toBe('32');
  });

  it('/readyz?verbose lists each check like upstream', async () => {
    const out = (await kubectl(['get', '--raw', '/readyz?verbose'])).stdout;
    const lines = out.trim().split('\n');
    expect(lines.at(-1)).toBe('readyz check passed');
    expect(lines.slice(0, -1).every((l) => /^\[\+\][\w/-]+ ok$/.test(l))).toBe(true);
    expect(lines).toContain('[+]ping ok');
  });

  it('raw list and get return JSON the server stores', async () => {
    const list = JSON.parse((await kubectl(['get', '--raw', '/api/v1/namespaces'])).stdout);
    expect(list.kind).toBe('NamespaceList');
    expect(list.apiVersion).toBe('v1');
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']),
    );
  });

  it('cluster-info names the control plane URL', async () => {
    const out = (await kubectl(['cluster-info'])).stdout;
    expect(out).toBe(`Kubernetes control plane is running at ${inject('kubeUrl')}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  });

  it('auth can-i answers yes (no authorization configured, like AlwaysAllow)', async () => {
    const r = await kubectl(['auth', 'can-i', 'create', 'pods'], { allowFail: true });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'yes\n', '']);
  });
});
