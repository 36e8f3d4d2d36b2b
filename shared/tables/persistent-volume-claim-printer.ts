// Port of upstream printPersistentVolumeClaim (pkg/printers/internalversion).
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { quantity } from './format';
import { age } from './timestamps';
import type { Printer } from './types';

/** helper.GetAccessModesAsString: the modes present, in this order, comma-separated. */
const ACCESS_MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

export function accessModesString(modes: string[] | undefined): string {
  const have = new Set(modes ?? []);
  return ACCESS_MODES.filter(([m]) => have.has(m)).map(([, short]) => short).join(',');
}

/** helper.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
}

/** Columns and cells for v1 PersistentVolumeClaim: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE | VOLUMEMODE. */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', { text: 'phase represents the current phase of PersistentVolumeClaim.' }),
    column('Volume', 'string', { text: 'volumeName is the binding reference to the PersistentVolume backing this claim.' }),
    column('Capacity', 'string', { text: 'capacity represents the actual resources of the underlying volume.' }),
    column('Access Modes', 'string', { text: 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1' }),
    column('StorageClass', 'string', { text: 'StorageClass of the pvc' }),
    column('VolumeAttributesClass', 'string', { text: 'VolumeAttributesClass of the pvc' }),
    AGE_COLUMN,
    column('VolumeMode', 'string', { text: 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.' }, { priority: 1 }),
  ],
  print: (obj, now) => {
    const pvc = obj as PersistentVolumeClaim;
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    const bound = !!pvc.spec?.volumeName;
    return {
      cells: [
        pvc.metadata?.name ?? '',
        phase,
        pvc.spec?.volumeName ?? '',
        bound ? quantity(pvc.status?.capacity?.['storage'] ?? '0') : '',
        bound ? accessModesString(pvc.status?.accessModes) : '',
        claimClass(pvc),
        pvc.spec?.volumeAttributesClassName || '<unset>',
        age(pvc, now),
        pvc.spec?.volumeMode ?? '<unset>',
      ],
    };
  },
};
