// Builders as upstream's framework_test.go (newVolume, newClaim) and a tiny API that applies a sync's actions,
// so rows read like upstream's initial → expected tables.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Action } from '../../../../shared/controllers/actions';

export const NOW = Date.parse('2024-05-01T12:00:00Z');

export function newVolume(name: string, capacity: string, boundToClaimUID: string, boundToClaimName: string, phase: string, reclaim = 'Retain', cls = '', ...annotations: string[]): PersistentVolume {
  const pv: PersistentVolume = {
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', ...(annotations.length ? { annotations: Object.fromEntries(annotations.map((a) => [a, a.startsWith('pv.kubernetes.io/provisioned-by') ? 'kubeflare.dev/simulated' : 'yes'])) } : {}) },
    spec: { capacity: { storage: capacity }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: reclaim, storageClassName: cls, volumeMode: 'Filesystem', hostPath: { path: '/tmp' } },
    status: { phase },
  };
  if (boundToClaimName) pv.spec!.claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'default', name: boundToClaimName, ...(boundToClaimUID ? { uid: boundToClaimUID } : {}) };
  return pv;
}

export function newClaim(name: string, uid: string, capacity: string, boundToVolume: string, phase: string, cls: string | undefined, ...annotations: string[]): PersistentVolumeClaim {
  const claim: PersistentVolumeClaim = {
    metadata: { name, namespace: 'default', uid, resourceVersion: '1', ...(annotations.length ? { annotations: Object.fromEntries(annotations.map((a) => [a, 'yes'])) } : {}) },
    spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], resources: { requests: { storage: capacity } }, volumeName: boundToVolume || undefined, volumeMode: 'Filesystem', ...(cls === undefined ? {} : { storageClassName: cls }) },
    status: phase === 'Bound' ? { phase, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: capacity } } : { phase },
  };
  if (!boundToVolume) delete claim.spec!.volumeName;
  return claim;
}

export function storageClass(name: string, provisioner: string, mode: 'Immediate' | 'WaitForFirstConsumer' = 'Immediate', isDefault = false): StorageClass {
  return { metadata: { name, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) }, provisioner, reclaimPolicy: 'Delete', volumeBindingMode: mode };
}

/** The objects after the actions, as a fake API server would hold them; events as "Type Reason". */
export function applyActions(volumes: PersistentVolume[], claims: PersistentVolumeClaim[], actions: Action[]) {
  const vs = new Map(volumes.map((v) => [v.metadata!.name!, structuredClone(v)]));
  const cs = new Map(claims.map((c) => [c.metadata!.name!, structuredClone(c)]));
  const events: string[] = [];
  for (const a of actions) {
    if (a.kind === 'event') {
      events.push(`${a.event.type} ${a.event.reason}`);
      continue;
    }
    const map = (a.resource.plural === 'persistentvolumes' ? vs : cs) as Map<string, any>;
    if (a.kind === 'delete') map.delete(a.name);
    else if (a.kind === 'create') map.set(a.object.metadata!.name!, structuredClone(a.object));
    else if (a.kind === 'update') map.set(a.object.metadata!.name!, { ...structuredClone(a.object), status: map.get(a.object.metadata!.name!)?.status });
    else if (a.kind === 'updateStatus') map.get(a.object.metadata!.name!).status = structuredClone(a.object.status);
  }
  const strip = (o: any) => {
    const copy = structuredClone(o);
    delete copy.metadata.resourceVersion;
    if (copy.spec?.claimRef) delete copy.spec.claimRef.resourceVersion;
    delete copy.status?.lastPhaseTransitionTime;
    return copy;
  };
  return { volumes: [...vs.values()].map(strip), claims: [...cs.values()].map(strip), events };
}

/** What a row expects, compared without resourceVersions and transition times. */
export function expected(volumes: PersistentVolume[], claims: PersistentVolumeClaim[]) {
  return applyActions(volumes, claims, []);
}
