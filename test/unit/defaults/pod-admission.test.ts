import { describe, expect, it } from 'vitest';
import { applyPodAdmissionDefaults, MIRROR_POD_ANNOTATION } from '../../../shared/defaults/pod-admission';
import type { Obj } from '../../../shared/defaults/util';

const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const rand = () => 0; // generateName's first letter five times: kube-api-access-bbbbb
const pod = (spec: Obj, annotations?: Record<string, string>): Obj => ({ metadata: { name: 'p', namespace: 'ns', annotations }, spec });
/** Admits `p` in namespace `ns`, which holds the ServiceAccount `default` (as `sa` says) and no other. */
const admit = (p: Obj, sa: { automountServiceAccountToken?: boolean; imagePullSecrets?: { name: string }[] } = {}): Obj => {
  applyPodAdmissionDefaults(p, { rand, namespace: 'ns', serviceAccount: (name) => (name === 'default' ? sa : undefined) });
  return p['spec'] as Obj;
};

describe('ServiceAccount admission (plugin/pkg/admission/serviceaccount)', () => {
  it('TestAutomountsAPIToken: init containers and containers mount the projected kube-api-access volume', () => {
    const spec = admit(pod({ initContainers: [{ name: 'i' }], containers: [{ name: 'c' }] }));
    expect(spec['volumes']).toEqual([
      {
        name: 'kube-api-access-bbbbb',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ]);
    const mount = { name: 'kube-api-access-bbbbb', readOnly: true, mountPath: MOUNT_PATH };
    expect((spec['initContainers'] as Obj[])[0]!['volumeMounts']).toEqual([mount]);
    expect((spec['containers'] as Obj[])[0]!['volumeMounts']).toEqual([mount]);
  });

  it('TestRespectsExistingMount: a container that mounts the token path itself keeps its mount, and no volume is added', () => {
    const own = { name: 'my-custom-mount', readOnly: false, mountPath: MOUNT_PATH };
    const spec = admit(pod({ containers: [{ name: 'c', volumeMounts: [own] }] }));
    expect(spec['volumes']).toBeUndefined();
    expect((spec['containers'] as Obj[])[0]!['volumeMounts']).toEqual([own]);
  });

  it('a pod that already has a kube-api-access volume keeps it: only the containers without the mount get one of it', () => {
    const volume = { name: 'kube-api-access-abcde', projected: { sources: [] } };
    const spec = admit(pod({ containers: [{ name: 'a' }], volumes: [volume] }));
    expect(spec['volumes']).toEqual([volume]);
    expect((spec['containers'] as Obj[])[0]!['volumeMounts']).toEqual([{ name: 'kube-api-access-abcde', readOnly: true, mountPath: MOUNT_PATH }]);
  });

  // shouldAutomount: the pod's preference wins, then the ServiceAccount's, then true
  const rows: [string, boolean | undefined, boolean | undefined, boolean][] = [
    ['neither says', undefined, undefined, true],
    ['the ServiceAccount says false', undefined, false, false],
    ['the ServiceAccount says true', undefined, true, true],
    ['the pod says false over the ServiceAccount', false, true, false],
    ['the pod says true over the ServiceAccount', true, false, true],
  ];
  it.each(rows)('automount: %s', (_name, onPod, onAccount, mounted) => {
    const spec = admit(pod({ containers: [{ name: 'c' }], ...(onPod === undefined ? {} : { automountServiceAccountToken: onPod }) }), onAccount === undefined ? {} : { automountServiceAccountToken: onAccount });
    expect(spec['volumes'] !== undefined).toBe(mounted);
  });

  it('TestDeniesInvalidServiceAccount: a pod naming a ServiceAccount the namespace does not hold is refused 403, and changes nothing', () => {
    const p = pod({ serviceAccountName: 'builder', containers: [{ name: 'c' }] });
    const before = structuredClone(p);
    let refused: unknown;
    try {
      admit(p);
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "p" is forbidden: error looking up service account ns/builder: serviceaccount "builder" not found',
    });
    expect(p).toEqual(before);
  });

  it('the default ServiceAccount is looked up too: a namespace without it refuses a pod that names none', () => {
    expect(() => applyPodAdmissionDefaults(pod({ containers: [{ name: 'c' }] }), { rand, namespace: 'ns', serviceAccount: () => undefined })).toThrow(
      'pods "p" is forbidden: error looking up service account ns/default: serviceaccount "default" not found',
    );
  });

  it('a pod with only a generateName is named by it in the refusal (admission.NewForbidden), as a ReplicaSet\'s FailedCreate shows it', () => {
    const p = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-7d6765b584-', namespace: 'ns' }, spec: { serviceAccountName: 'ghost', containers: [{ name: 'c' }] } };
    expect(() => applyPodAdmissionDefaults(p, { rand, namespace: 'ns', serviceAccount: () => undefined })).toThrow(
      'pods "web-7d6765b584-" is forbidden: error looking up service account ns/ghost: serviceaccount "ghost" not found',
    );
  });

  it('a mirror pod is not looked up (the plugin leaves mirror pods alone)', () => {
    const p = pod({ containers: [{ name: 'c' }] }, { [MIRROR_POD_ANNOTATION]: 'abc' });
    expect(() => applyPodAdmissionDefaults(p, { rand, namespace: 'ns', serviceAccount: () => undefined })).not.toThrow();
  });

  it('TestAddImagePullSecrets: a pod without pull secrets gets its ServiceAccount\'s; one with its own keeps them', () => {
    const account = { imagePullSecrets: [{ name: 'registry-a' }, { name: 'registry-b' }] };
    expect(admit(pod({ containers: [{ name: 'c' }] }), account)['imagePullSecrets']).toEqual([{ name: 'registry-a' }, { name: 'registry-b' }]);
    expect(admit(pod({ containers: [{ name: 'c' }], imagePullSecrets: [{ name: 'mine' }] }), account)['imagePullSecrets']).toEqual([{ name: 'mine' }]);
    expect(admit(pod({ containers: [{ name: 'c' }] }), {})['imagePullSecrets']).toBeUndefined();
  });

  it('TestIgnoresMirrorPod: a mirror pod gets neither the default ServiceAccount nor the token volume', () => {
    const spec = admit(pod({ containers: [{ name: 'c' }] }, { [MIRROR_POD_ANNOTATION]: 'abc' }));
    expect(spec['serviceAccountName']).toBeUndefined();
    expect(spec['serviceAccount']).toBeUndefined();
    expect(spec['volumes']).toBeUndefined();
    expect((spec['containers'] as Obj[])[0]!['volumeMounts']).toBeUndefined();
  });

  it('TestAssignsDefaultServiceAccount, and without a random source no volume (templates, updates)', () => {
    const p = pod({ containers: [{ name: 'c' }] });
    applyPodAdmissionDefaults(p);
    expect(p['spec']).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' });
    expect((p['spec'] as Obj)['volumes']).toBeUndefined();
  });
});
