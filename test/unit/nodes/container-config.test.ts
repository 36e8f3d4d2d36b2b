import { describe, expect, it } from 'vitest';
import type { ConfigMap, Container, Pod, Secret, Volume } from 'kubernetes-types/core/v1';
import { configReferences, containerConfigError, mountAttempts, volumeMountError, type ConfigObjects } from '../../../shared/nodes/container-config';

const cm = (name: string, data: Record<string, string> = {}, binaryData: Record<string, string> = {}): ConfigMap => ({ metadata: { name, namespace: 'ns' }, data, binaryData });
const secret = (name: string, data: Record<string, string> = {}): Secret => ({ metadata: { name, namespace: 'ns' }, data });
const objects = (cms: ConfigMap[] = [], secrets: Secret[] = []): ConfigObjects => ({
  configMaps: new Map(cms.map((c) => [c.metadata!.name!, c])),
  secrets: new Map(secrets.map((s) => [s.metadata!.name!, s])),
});
const pod = (c: Partial<Container>, volumes: Volume[] = []): Pod => ({ metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'busybox', ...c }], volumes } });

describe('containerConfigError (kubelet_pods.go makeEnvironmentVariables)', () => {
  // rows after TestMakeEnvironmentVariables' configmap/secret cases
  const rows: [string, Partial<Container>, ConfigObjects, string | undefined][] = [
    ['configmapkeyref present', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, objects([cm('cfg', { k: 'v' })]), undefined],
    ['configmapkeyref missing configmap', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, objects(), 'configmap "cfg" not found'],
    ['configmapkeyref missing optional', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: true } } }] }, objects(), undefined],
    ['configmapkeyref missing key', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, objects([cm('cfg', { other: 'v' })]), "couldn't find key k in ConfigMap ns/cfg"],
    ['configmapkeyref missing key optional', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: true } } }] }, objects([cm('cfg')]), undefined],
    ['configmapkeyref key only in binaryData', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, objects([cm('cfg', {}, { k: 'AA==' })]), "couldn't find key k in ConfigMap ns/cfg"],
    ['secretkeyref missing secret', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, objects(), 'secret "s" not found'],
    ['secretkeyref missing key', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, objects([], [secret('s', { x: 'eA==' })]), "couldn't find key k in Secret ns/s"],
    ['secretkeyref missing optional', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } }] }, objects(), undefined],
    ['envFrom configmap missing', { envFrom: [{ configMapRef: { name: 'cfg' } }] }, objects(), 'configmap "cfg" not found'],
    ['envFrom configmap missing optional', { envFrom: [{ configMapRef: { name: 'cfg', optional: true } }] }, objects(), undefined],
    ['envFrom secret missing', { envFrom: [{ prefix: 'P_', secretRef: { name: 's' } }] }, objects(), 'secret "s" not found'],
    ['envFrom before env', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], envFrom: [{ configMapRef: { name: 'cfg' } }] }, objects(), 'configmap "cfg" not found'],
    ['env in order', { env: [{ name: 'A', value: 'x' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'C', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, objects(), 'secret "s" not found'],
  ];
  it.each(rows)('%s', (_name, c, objs, want) => {
    const p = pod(c);
    expect(containerConfigError(p, p.spec!.containers[0]!, objs)).toBe(want);
  });
});

describe('volumeMountError (configmap and secret volume plugins)', () => {
  const rows: [string, Volume[], ConfigObjects, string | undefined][] = [
    ['configmap present', [{ name: 'v', configMap: { name: 'cfg' } }], objects([cm('cfg')]), undefined],
    ['configmap missing', [{ name: 'v', configMap: { name: 'cfg' } }], objects(), 'MountVolume.SetUp failed for volume "v" : configmap "cfg" not found'],
    ['configmap missing optional', [{ name: 'v', configMap: { name: 'cfg', optional: true, items: [{ key: 'k', path: 'k' }] } }], objects(), undefined],
    ['configmap item key missing', [{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'k', path: 'k' }] } }], objects([cm('cfg', { a: '1' })]), 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: k'],
    ['configmap item key in binaryData', [{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'k', path: 'k' }] } }], objects([cm('cfg', {}, { k: 'AA==' })]), undefined],
    ['secret missing', [{ name: 'sv', secret: { secretName: 's' } }], objects(), 'MountVolume.SetUp failed for volume "sv" : secret "s" not found'],
    ['secret item key missing', [{ name: 'sv', secret: { secretName: 's', items: [{ key: 'k', path: 'k' }] } }], objects([], [secret('s')]), 'MountVolume.SetUp failed for volume "sv" : references non-existent secret key: k'],
    // the projected plugin (pkg/volume/projected collectData): each configMap and secret source as its own plugin decides
    ['projected configMap source missing', [{ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } }], objects(), 'MountVolume.SetUp failed for volume "kube-api-access-x" : configmap "kube-root-ca.crt" not found'],
    ['projected configMap source present', [{ name: 'kube-api-access-x', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } }], objects([cm('kube-root-ca.crt', { 'ca.crt': 'PEM' })]), undefined],
    ['projected configMap source missing optional', [{ name: 'p', projected: { sources: [{ configMap: { name: 'cfg', optional: true } }] } }], objects(), undefined],
    ['projected configMap item key missing', [{ name: 'p', projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'k', path: 'k' }] } }] } }], objects([cm('cfg')]), 'MountVolume.SetUp failed for volume "p" : configmap references non-existent config key: k'],
    ['projected sources all reported', [{ name: 'p', projected: { sources: [{ configMap: { name: 'cfg' } }, { secret: { name: 's' } }] } }], objects(), 'MountVolume.SetUp failed for volume "p" : [configmap "cfg" not found, secret "s" not found]'],
  ];
  it.each(rows)('%s', (_name, volumes, objs, want) => {
    expect(volumeMountError(pod({}, volumes), objs)?.message).toBe(want);
  });

  it('configReferences lists every name once, init containers and volumes included', () => {
    const p: Pod = {
      spec: {
        initContainers: [{ name: 'i', envFrom: [{ secretRef: { name: 's1' } }] }],
        containers: [{ name: 'c', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'a', key: 'k' } } }], envFrom: [{ configMapRef: { name: 'a' } }] }],
        volumes: [{ name: 'v', configMap: { name: 'b' } }, { name: 'w', secret: { secretName: 's2' } }, { name: 'x', projected: { sources: [{ configMap: { name: 'c' } }, { secret: { name: 's3' } }, { configMap: { name: 'a' } }] } }],
      },
    };
    expect(configReferences(p)).toEqual({ configMaps: ['a', 'b', 'c'], secrets: ['s1', 's2', 's3'] });
  });
});

describe('mountAttempts: the volume manager retries 500 ms doubling to 2m2s', () => {
  it('fails at once, then at each retry, and mounts at the first retry after the object appears', () => {
    const first = mountAttempts(undefined, 'e', 0);
    expect(first).toEqual({ failedAt: [0], wait: { retryAt: 500, backoffMs: 500 } });
    const caught = mountAttempts(first.wait, 'e', 8000);
    expect(caught.failedAt).toEqual([500, 1500, 3500, 7500]);
    expect(caught.wait).toEqual({ retryAt: 15_500, backoffMs: 8000 });
    // not brought forward: the object appeared, but the operation is still in its backoff
    expect(mountAttempts(caught.wait, undefined, 10_000)).toEqual({ failedAt: [], wait: caught.wait });
    expect(mountAttempts(caught.wait, undefined, 15_500)).toEqual({ failedAt: [] });
    const long = mountAttempts(first.wait, 'e', 1_000_000);
    expect(long.wait!.backoffMs).toBe(122_000);
  });
});
