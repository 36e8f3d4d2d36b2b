import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { applyPodAdmissionDefaults } from '../../../shared/defaults/pod-admission';
import { listMounted, projectedReferences, readMountedFile } from '../../../shared/nodes/exec-files';

/** A pod as admission leaves it: with the kube-api-access-XXXXX projected volume mounted in its container. */
function admitted(): Pod {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'team', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'busybox' }] } };
  applyPodAdmissionDefaults(pod as never, { rand: () => 0.5 });
  return pod as Pod;
}
const DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const none = { configMaps: new Map(), secrets: new Map() };
const projected = { serviceAccountToken: 'a.b.c', configMaps: new Map([['kube-root-ca.crt', { data: { 'ca.crt': 'PEM' } }]]) };

describe('exec reads the kube-api-access projected volume', () => {
  const pod = admitted();
  const c = pod.spec!.containers[0]!;
  it('names what it needs: a token and kube-root-ca.crt', () => {
    expect(projectedReferences(pod)).toEqual({ configMaps: ['kube-root-ca.crt'], serviceAccountToken: true });
  });
  it('token, ca.crt and namespace read as the kubelet writes them', () => {
    expect(readMountedFile(pod, c, none, `${DIR}/token`, projected)).toEqual({ content: 'a.b.c' });
    expect(readMountedFile(pod, c, none, `${DIR}/ca.crt`, projected)).toEqual({ content: 'PEM' });
    expect(readMountedFile(pod, c, none, `${DIR}/namespace`, projected)).toEqual({ content: 'team' });
    expect(readMountedFile(pod, c, none, DIR, projected)).toEqual({ error: 'read error: Is a directory' });
    expect(readMountedFile(pod, c, none, `${DIR}/nope`, projected)).toEqual({ error: `can't open '${DIR}/nope': No such file or directory` });
  });
  it('without a token (its ServiceAccount gone) or the ConfigMap, those files are missing', () => {
    expect('error' in readMountedFile(pod, c, none, `${DIR}/token`, { configMaps: new Map() })).toBe(true);
    expect('error' in readMountedFile(pod, c, none, `${DIR}/ca.crt`)).toBe(true);
  });
  it('ls lists the projected files and the directories leading to them', () => {
    expect(listMounted(pod, c, none, [DIR], '/', projected)).toEqual({ steps: [{ out: 'ca.crt\nnamespace\ntoken\n' }], exitCode: 0 });
    expect(listMounted(pod, c, none, ['/var/run/secrets'], '/', projected)).toEqual({ steps: [{ out: 'kubernetes.io\n' }], exitCode: 0 });
  });
});
