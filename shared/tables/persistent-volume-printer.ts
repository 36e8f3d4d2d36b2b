// Port of upstream printPersistentVolume (pkg/printers/internalversion).
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { quantity } from './format';
import { accessModesString } from './persistent-volume-claim-printer';
import { age } from './timestamps';
import type { Printer } from './types';

/** helper.GetPersistentVolumeClass: the beta annotation wins over spec.storageClassName. */
export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pv.spec?.storageClassName ?? '';
}

/** Columns and cells for v1 PersistentVolume: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE | VOLUMEMODE. */
export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Capacity', 'string', { text: "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity" }),
    column('Access Modes', 'string', { text: 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes' }),
    column('Reclaim Policy', 'string', {
      text: 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming',
    }),
    column('Status', 'string', { text: 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase' }),
    column('Claim', 'string', {
      text: 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding',
    }),
    column('StorageClass', 'string', { text: 'StorageClass of the pv' }),
    column('VolumeAttributesClass', 'string', { text: 'VolumeAttributesClass of the pv' }),
    column('Reason', 'string', { text: 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.' }),
    AGE_COLUMN,
    column('VolumeMode', 'string', { text: 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.' }, { priority: 1 }),
  ],
  print: (obj, now) => {
    const pv = obj as PersistentVolume;
    const ref = pv.spec?.claimRef;
    return {
      cells: [
        pv.metadata?.name ?? '',
        quantity(pv.spec?.capacity?.['storage'] ?? '0'),
        accessModesString(pv.spec?.accessModes),
        pv.spec?.persistentVolumeReclaimPolicy ?? '',
        pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
        ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
        volumeClass(pv),
        pv.spec?.volumeAttributesClassName || '<unset>',
        pv.status?.reason ?? '',
        age(pv, now),
        pv.spec?.volumeMode ?? '<unset>',
      ],
    };
  },
};
