import type { StatusCause } from '../api/errors';
import { child, forbidden, immutable, invalid, key, notSupported, required, tooLong } from './field-error';
import { isDNS1123Subdomain } from './name-validators';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { parseQuantity, QUANTITY_REGEX_MESSAGE } from './quantity';

// Ports of the storage checks of pkg/apis/core/validation (ValidatePersistentVolume) and
// pkg/apis/storage/validation (ValidateStorageClass), with upstream's field paths and messages.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const VOLUME_MODES = ['Block', 'Filesystem'];
/** PersistentVolumeSource's members: a volume names exactly one. */
const VOLUME_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker',
  'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi',
];

/** ValidatePersistentVolumeAccessModes (as for a PV): at least one, each known, ReadWriteOncePod alone. */
export function validateAccessModes(modes: unknown, path: string): StatusCause[] {
  const list = Array.isArray(modes) ? modes : [];
  if (list.length === 0) return [required(path, '')];
  const errs: StatusCause[] = [];
  for (const m of list) if (!ACCESS_MODES.includes(m as string)) errs.push(notSupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateStorageQuantity(q: unknown, path: string): StatusCause[] {
  const v = parseQuantity(q);
  if (v === null) return [invalid(path, q, QUANTITY_REGEX_MESSAGE)];
  if (v <= 0) return [invalid(path, String(q), 'must be greater than zero')];
  return [];
}

/** ValidatePersistentVolume: name, access modes, storage capacity, exactly one volume source, policies. */
export function validatePersistentVolume(pv: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(pv['metadata']), false, nameIsDNSSubdomain);
  const spec = obj(pv['spec']);
  errs.push(...validateAccessModes(spec['accessModes'], 'spec.accessModes'));
  const capacity = obj(spec['capacity']);
  if (Object.keys(capacity).length === 0) errs.push(required('spec.capacity', ''));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) errs.push(notSupported('spec.capacity', capacity, ['storage']));
  for (const [r, q] of Object.entries(capacity)) errs.push(...validateStorageQuantity(q, key(key('spec.capacity', 'storage'), r)));
  const sources = VOLUME_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
  for (const s of sources.slice(1)) errs.push(forbidden(child('spec', s), 'may not specify more than 1 volume type'));
  if (sources.includes('local') && !obj(obj(spec['nodeAffinity'])['required'])['nodeSelectorTerms']) {
    errs.push(required('metadata.annotations', 'Local volume requires node affinity'));
  }
  const policy = spec['persistentVolumeReclaimPolicy'];
  if (policy && !RECLAIM_POLICIES.includes(policy as string)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  errs.push(...validateClassName(spec['storageClassName'], 'spec.storageClassName'));
  const mode = spec['volumeMode'];
  if (mode !== undefined && !VOLUME_MODES.includes(mode as string)) errs.push(notSupported('spec.volumeMode', mode, VOLUME_MODES));
  return errs;
}

function validateClassName(name: unknown, path: string): StatusCause[] {
  if (typeof name !== 'string' || name === '') return [];
  return isDNS1123Subdomain(name).map((msg) => invalid(path, name, msg));
}

/** ValidatePersistentVolumeUpdate: the volume source and volumeMode never change; a set nodeAffinity stays. */
export function validatePersistentVolumeUpdate(pv: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(pv['metadata']), obj(old['metadata'])), ...validatePersistentVolume(pv)];
  const spec = obj(pv['spec']);
  const oldSpec = obj(old['spec']);
  const source = (s: Obj) => Object.fromEntries(VOLUME_SOURCES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  if (JSON.stringify(source(spec)) !== JSON.stringify(source(oldSpec))) errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  errs.push(...immutable(spec['volumeMode'], oldSpec['volumeMode'], 'spec.volumeMode'));
  return errs;
}

/** ValidatePersistentVolumeClaim's spec checks: access modes and a storage request. */
export function validatePersistentVolumeClaim(pvc: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(pvc['metadata']), true, nameIsDNSSubdomain);
  const spec = obj(pvc['spec']);
  const modes = Array.isArray(spec['accessModes']) ? spec['accessModes'] : [];
  // a claim may name no mode only when it has a data source; the PV rules otherwise
  if (modes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  else errs.push(...validateAccessModes(modes, 'spec.accessModes'));
  const storage = obj(obj(spec['resources'])['requests'])['storage'];
  if (storage === undefined) errs.push(required(key('spec.resources', 'storage'), ''));
  else errs.push(...validateStorageQuantity(storage, key('spec.resources', 'storage')));
  errs.push(...validateClassName(spec['storageClassName'], 'spec.storageClassName'));
  return errs;
}

/**
 * ValidatePersistentVolumeClaimUpdate: once created, the spec is immutable but for a larger storage
 * request (expansion) and the first binding (volumeName) or class (retroactive default class).
 */
export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(pvc['metadata']), obj(old['metadata'])), ...validatePersistentVolumeClaim(pvc)];
  const spec = { ...obj(pvc['spec']) };
  const oldSpec = { ...obj(old['spec']) };
  const resources = (s: Obj) => obj(s['resources']);
  // fields that may be set once: the binding and (when unset) the class
  if (!oldSpec['volumeName']) delete spec['volumeName'], delete oldSpec['volumeName'];
  if (!oldSpec['storageClassName']) delete spec['storageClassName'], delete oldSpec['storageClassName'];
  const withoutRequests = (s: Obj) => ({ ...s, resources: { ...resources(s), requests: undefined } });
  if (JSON.stringify(withoutRequests(spec)) !== JSON.stringify(withoutRequests(oldSpec))) {
    errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  return errs;
}

/** ValidateStorageClass: a provisioner, known reclaim policy and binding mode. */
export function validateStorageClass(sc: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(sc['metadata']), false, nameIsDNSSubdomain);
  const provisioner = sc['provisioner'];
  if (typeof provisioner !== 'string' || provisioner === '') errs.push(required('provisioner', ''));
  else if (provisioner.length > 63) errs.push(tooLong('provisioner', 63));
  const policy = sc['reclaimPolicy'];
  if (policy !== undefined && !CLASS_RECLAIM_POLICIES.includes(policy as string)) errs.push(notSupported('reclaimPolicy', policy, CLASS_RECLAIM_POLICIES));
  const mode = sc['volumeBindingMode'];
  if (mode === undefined) errs.push(required('volumeBindingMode', ''));
  else if (!BINDING_MODES.includes(mode as string)) errs.push(notSupported('volumeBindingMode', mode, BINDING_MODES));
  return errs;
}

/** ValidateStorageClassUpdate: parameters, provisioner, reclaim policy and binding mode are fixed. */
export function validateStorageClassUpdate(sc: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(sc['metadata']), obj(old['metadata'])), ...validateStorageClass(sc)];
  if (JSON.stringify(sc['parameters'] ?? {}) !== JSON.stringify(old['parameters'] ?? {})) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc['provisioner'] !== old['provisioner']) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (sc['reclaimPolicy'] !== old['reclaimPolicy']) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...immutable(sc['volumeBindingMode'], old['volumeBindingMode'], 'volumeBindingMode'));
  return errs;
}
