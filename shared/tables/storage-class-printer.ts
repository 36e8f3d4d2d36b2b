// Port of upstream printStorageClass (pkg/printers/internalversion).
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import type { Printer } from './types';
import { isDefaultStorageClass } from '../apiserver/default-storage-class';

/** Columns and cells for storage.k8s.io/v1 StorageClass: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE; the default class is "<name> (default)". */
export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'string', { text: 'provisioner indicates the type of the provisioner.' }),
    column('ReclaimPolicy', 'string', { text: 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.' }),
    column('VolumeBindingMode', 'string', {
      text: 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.',
    }),
    column('AllowVolumeExpansion', 'string', { text: 'allowVolumeExpansion shows whether the storage class allow volume expand.' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const sc = obj as unknown as StorageClass;
    const name = sc.metadata?.name ?? '';
    return {
      cells: [
        isDefaultStorageClass(sc) ? `${name} (default)` : name,
        sc.provisioner ?? '',
        sc.reclaimPolicy ?? 'Delete',
        sc.volumeBindingMode ?? 'Immediate',
        sc.allowVolumeExpansion ?? false,
        age(sc, now),
      ],
    };
  },
};
