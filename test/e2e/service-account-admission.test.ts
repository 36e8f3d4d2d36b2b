// The ServiceAccount admission plugin with real kubectl: a pod naming a ServiceAccount its namespace does not hold
// is refused 403 with upstream's message (a server-side dry run too), and nothing is stored; once the account
// exists the same pod is admitted with it. A pod created with its namespace, in one kubectl call, is admitted.
import { describe, expect, it } from 'vitest';
import { kubectl, manifest, newNamespace } from './support/kubectl';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'builder-pod' }, spec: { serviceAccountName: 'builder', containers: [{ name: 'c', image: 'busybox' }] } };

describe('ServiceAccount admission', () => {
  it('refuses a pod whose ServiceAccount does not exist, dry run included, and admits it once the account is there', async () => {
    const ns = await newNamespace('sa-admission');
    const refused = `Error from server (Forbidden): error when creating "STDIN": pods "builder-pod" is forbidden: error looking up service account ${ns}/builder: serviceaccount "builder" not found\n`;
    const create = (...extra: string[]) => kubectl(['-n', ns, 'create', '-f', '-', ...extra], { stdin: manifest(pod), allowFail: true });

    const dry = await create('--dry-run=server');
    expect([dry.code, dry.stderr]).toEqual([1, refused]);
    const real = await create();
    expect([real.code, real.stderr]).toEqual([1, refused]);
    expect((await kubectl(['-n', ns, 'get', 'pods', '-o', 'name'])).stdout).toBe('');

    await kubectl(['-n', ns, 'create', 'serviceaccount', 'builder']);
    expect((await create()).stdout).toBe('pod/builder-pod created\n');
    expect((await kubectl(['-n', ns, 'get', 'pod', 'builder-pod', '-o', 'jsonpath={.spec.serviceAccountName}'])).stdout).toBe('builder');
  });

  it('admits a pod created right after its namespace, with the namespace\'s default ServiceAccount', async () => {
    const ns = `e2e-sa-fresh-${process.pid % 10000}`;
    const both = manifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { ...pod, metadata: { name: 'first', namespace: ns }, spec: { containers: pod.spec.containers } });
    expect((await kubectl(['create', '-f', '-'], { stdin: both })).stdout).toBe(`namespace/${ns} created\npod/first created\n`);
    expect((await kubectl(['-n', ns, 'get', 'pod', 'first', '-o', 'jsonpath={.spec.serviceAccountName}'])).stdout).toBe('default');
    expect((await kubectl(['-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name'])).stdout).toBe('serviceaccount/default\n');
  });
});
