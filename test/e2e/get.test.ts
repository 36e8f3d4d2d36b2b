import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configMap, webAppManifest } from './support/fixtures';
import { kubectl, manifest, newNamespace, tableRows } from './support/kubectl';

describe('kubectl get', () => {
  let ns: string;
  let other: string;
  beforeAll(async () => {
    ns = await newNamespace('get');
    other = await newNamespace('get-other');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: webAppManifest('web') });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(configMap('db-config', { a: 'b' }, { labels: { app: 'db' } }), configMap('plain')) });
    await kubectl(['-n', other, 'apply', '-f', '-'], { stdin: webAppManifest('api') });
  });

  it('prints the upstream columns, and the extra ones with -o wide', async () => {
    const plain = tableRows((await kubectl(['-n', ns, 'get', 'deployments'])).stdout);
    expect(plain[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(plain.map((r) => r[0])).toEqual(['NAME', 'web']);
    const wide = tableRows((await kubectl(['-n', ns, 'get', 'deployments', '-o', 'wide'])).stdout);
    expect(wide[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide[1]?.slice(5)).toEqual(['nginx', 'nginx:1.25', 'app=web']);
    expect(wide[1]?.[1]).toMatch(/^\d+\/2$/);

    const svc = tableRows((await kubectl(['-n', ns, 'get', 'svc', '-o', 'wide'])).stdout);
    expect(svc[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(svc[1]?.[0]).toBe('web');
    expect(svc[1]?.[1]).toBe('ClusterIP');
    expect(svc[1]?.[4]).toBe('80/TCP');
    expect(svc[1]?.[6]).toBe('app=web');

    const cms = tableRows((await kubectl(['-n', ns, 'get', 'configmaps'])).stdout);
    expect(cms[0]).toEqual(['NAME', 'DATA', 'AGE']);
    // with the kube-root-ca.crt every namespace has
    expect(cms.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['db-config', '1'],
      ['kube-root-ca.crt', '1'],
      ['plain', '0'],
      ['web-config', '1'],
    ]);
  });

  it('-o yaml prints the stored object', async () => {
    const out = (await kubectl(['-n', ns, 'get', 'configmap', 'web-config', '-o', 'yaml'])).stdout;
    const obj = parse(out);
    expect(obj.apiVersion).toBe('v1');
    expect(obj.kind).toBe('ConfigMap');
    expect(obj.metadata.name).toBe('web-config');
    expect(obj.metadata.namespace).toBe(ns);
    expect(obj.data).toEqual({ greeting: 'hello' });
    expect(obj.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);
    // A list is printed as kind: List with the items.
    const list = parse((await kubectl(['-n', ns, 'get', 'configmaps', '-o', 'yaml'])).stdout);
    expect(list.kind).toBe('List');
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['db-config', 'kube-root-ca.crt', 'plain', 'web-config']);
  });

  it('-A lists every namespace with a NAMESPACE column', async () => {
    const rows = tableRows((await kubectl(['get', 'deployments', '-A'])).stdout);
    expect(rows[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    const mine = rows.filter((r) => r[0] === ns || r[0] === other).map((r) => [r[0], r[1]]);
    expect(mine).toEqual([
      [ns, 'web'],
      [other, 'api'],
    ]);
  });

  it('-l filters by label selector, across kinds too', async () => {
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'configmaps', '-l', 'app=web'])).stdout);
    expect(rows.map((r) => r[0])).toEqual(['NAME', 'web-config']);
    const notWeb = tableRows((await kubectl(['-n', ns, 'get', 'configmaps', '-l', 'app!=web'])).stdout);
    expect(notWeb.map((r) => r[0])).toEqual(['NAME', 'db-config', 'kube-root-ca.crt', 'plain']);
    const setBased = tableRows((await kubectl(['-n', ns, 'get', 'configmaps', '-l', 'app in (web,db)'])).stdout);
    expect(setBased.map((r) => r[0])).toEqual(['NAME', 'db-config', 'web-config']);
    const several = (await kubectl(['-n', ns, 'get', 'deploy,svc,cm', '-l', 'app=web', '-o', 'name'])).stdout;
    expect(several).toBe('deployment.apps/web\nservice/web\nconfigmap/web-config\n');
    const none = await kubectl(['-n', ns, 'get', 'configmaps', '-l', 'app=nothing']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(`No resources found in ${ns} namespace.\n`);
  });

  it('--field-selector metadata.name picks one object', async () => {
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'configmaps', '--field-selector', 'metadata.name=plain'])).stdout);
    expect(rows.map((r) => r[0])).toEqual(['NAME', 'plain']);
    const neg = tableRows((await kubectl(['-n', ns, 'get', 'configmaps', '--field-selector', 'metadata.name!=plain'])).stdout);
    expect(neg.map((r) => r[0])).toEqual(['NAME', 'db-config', 'kube-root-ca.crt', 'web-config']);
    const all = tableRows((await kubectl(['get', 'configmaps', '-A', '--field-selector', `metadata.namespace=${other}`])).stdout);
    expect(all.slice(1).map((r) => [r[0], r[1]])).toEqual([
      [other, 'api-config'],
      [other, 'kube-root-ca.crt'],
    ]);
  });

  it('-o jsonpath and -o name and --sort-by', async () => {
    expect((await kubectl(['-n', ns, 'get', 'cm', 'web-config', '-o', 'jsonpath={.data.greeting}'])).stdout).toBe('hello');
    expect((await kubectl(['-n', ns, 'get', 'cm', '-o', 'name'])).stdout).toBe('configmap/db-config\nconfigmap/kube-root-ca.crt\nconfigmap/plain\nconfigmap/web-config\n');
    const sorted = tableRows((await kubectl(['-n', ns, 'get', 'cm', '--sort-by=.metadata.name', '-o', 'custom-columns=N:.metadata.name'])).stdout);
    expect(sorted.map((r) => r[0])).toEqual(['N', 'db-config', 'kube-root-ca.crt', 'plain', 'web-config']);
  });
});
