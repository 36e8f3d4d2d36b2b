// What every namespace and pod of a real cluster has: the root-ca-cert-publisher's kube-root-ca.crt ConfigMap (put
// back when deleted or edited) and the ServiceAccount admission's kube-api-access-XXXXX projected volume, mounted in
// every container and readable with kubectl exec.
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { ROOT_CA_PLACEHOLDER } from '../../shared/auth/root-ca';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('rootca');
afterAll(() => deletePools(pool));

const DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const caOf = async (ns: string) => (await kubectl(['-n', ns, 'get', 'configmap', 'kube-root-ca.crt', '-o', 'json'], { allowFail: true })).stdout;
const published = (ns: string) => poll(async () => (await caOf(ns)) !== '', 20_000, `kube-root-ca.crt published in ${ns}`);

describe('root-ca-cert-publisher', () => {
  it('a new namespace gets kube-root-ca.crt; deleted, it comes back; edited, its ca.crt is put back', async () => {
    const ns = await newNamespace('rootca');
    await published(ns);
    expect((await kubectl(['-n', ns, 'get', 'cm'])).stdout).toMatch(/^kube-root-ca\.crt +1 +\S+$/m);
    const cm = JSON.parse(await caOf(ns));
    expect(cm.data).toEqual({ 'ca.crt': ROOT_CA_PLACEHOLDER });
    expect(cm.metadata.annotations['kubernetes.io/description']).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);

    await kubectl(['-n', ns, 'delete', 'configmap', 'kube-root-ca.crt']);
    await poll(async () => {
      const again = await caOf(ns);
      return again !== '' && JSON.parse(again).metadata.uid !== cm.metadata.uid;
    }, 20_000, 'kube-root-ca.crt created again after its deletion');

    await kubectl(['-n', ns, 'patch', 'configmap', 'kube-root-ca.crt', '--type=merge', '-p', JSON.stringify({ data: { 'ca.crt': 'edited', extra: 'x' } })]);
    await poll(async () => JSON.stringify(JSON.parse(await caOf(ns)).data) === JSON.stringify({ 'ca.crt': ROOT_CA_PLACEHOLDER }), 20_000, 'ca.crt put back after an edit');
  });

  it('the namespaces that exist from the start have it too', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) await published(ns);
  });
});

describe('the kube-api-access volume of every new pod', () => {
  it('admission adds the projected volume and its mounts; describe shows it as upstream; exec reads token, namespace and ca.crt', async () => {
    const ns = await newNamespace('apiaccess');
    await applyPool(pool, { nodes: 1, zones: ['zone-a'] });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: ns }, spec: { ...onPool(pool), containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }] } };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod) });
    const spec = (await getJson(['-n', ns, 'pod', 'app'])).spec;
    const volume = spec.volumes.find((v: { name: string }) => v.name.startsWith('kube-api-access-'));
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected.sources.map((s: object) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: DIR }]);

    const described = (await kubectl(['-n', ns, 'describe', 'pod', 'app'])).stdout;
    expect(described).toContain(`${DIR} from ${volume.name} (ro)`);
    expect(described).toMatch(/Type:\s+Projected \(a volume that contains injected data from multiple sources\)\n\s+TokenExpirationSeconds:\s+3607\n\s+ConfigMapName:\s+kube-root-ca\.crt\n\s+ConfigMapOptional:\s+<nil>\n\s+DownwardAPI:\s+true/);

    await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/app', '--timeout=30s']);
    expect((await kubectl(['-n', ns, 'exec', 'app', '--', 'ls', DIR])).stdout).toBe('ca.crt\nnamespace\ntoken\n');
    expect((await kubectl(['-n', ns, 'exec', 'app', '--', 'cat', `${DIR}/ca.crt`])).stdout).toBe(ROOT_CA_PLACEHOLDER);
    expect((await kubectl(['-n', ns, 'exec', 'app', '--', 'cat', `${DIR}/namespace`])).stdout).toBe(ns);
  });

  it('automountServiceAccountToken: false on the pod or on its ServiceAccount leaves the pod without it', async () => {
    const ns = await newNamespace('noautomount');
    await kubectl(['apply', '-f', '-'], { stdin: manifest({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet', namespace: ns }, automountServiceAccountToken: false }) });
    const pod = (name: string, spec: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { ...spec, containers: [{ name: 'c', image: 'busybox' }] } });
    await kubectl(['apply', '-f', '-'], { stdin: [manifest(pod('pod-says-no', { automountServiceAccountToken: false })), manifest(pod('account-says-no', { serviceAccountName: 'quiet' })), manifest(pod('pod-says-yes', { serviceAccountName: 'quiet', automountServiceAccountToken: true }))].join('---\n') });
    const volumes = async (name: string) => (await getJson(['-n', ns, 'pod', name])).spec.volumes;
    expect(await volumes('pod-says-no')).toBeUndefined();
    expect(await volumes('account-says-no')).toBeUndefined();
    expect((await volumes('pod-says-yes'))[0].name).toMatch(/^kube-api-access-/);
  });
});
