import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { selectorMatches } from '../label-selector';
import { nodeSelectorMatches } from '../../scheduler/labels';
import { intValue } from '../../scheduler/quantity';
import { claimClassName } from './claim-class';

/** volumeutil.CheckVolumeModeMismatches: Filesystem is what an unset mode means. */
export function volumeModeMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (volume.spec?.volumeMode ?? 'Filesystem');
}

/** storagehelpers.IsVolumeBoundToClaim: the volume's claimRef names this claim (and its uid, when it carries one). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || (ref.namespace ?? '') !== (claim.metadata?.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** storagehelpers.CheckAccessModes: the volume offers every mode the claim asks for. */
export function accessModesFit(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = volume.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m) => offered.includes(m));
}

function volumeClassName(volume: PersistentVolume): string {
  return volume.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? volume.spec?.storageClassName ?? '';
}

const storageOf = (q: Record<string, string> | undefined): number => intValue(q?.['storage'] ?? '0');

/**
 * FindMatchingVolume (pkg/controller/volume/persistentvolume/util, over the access-mode index):
 * a volume pre-bound to the claim wins; otherwise the smallest Available, unclaimed volume of the
 * claim's class whose capacity, volume mode, access modes, labels (the claim's selector) and node
 * affinity (when a node is given) fit; among equal sizes the one offering fewer access modes, as
 * upstream's index searches the narrowest mode set first. With `delayBinding` and no node, only
 * a pre-bound volume matches: the scheduler picks the rest.
 */
export function findMatchingVolume(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], opts: { node?: Node; delayBinding?: boolean } = {}): PersistentVolume | undefined {
  const requested = storageOf(claim.spec?.resources?.requests as Record<string, string> | undefined);
  const requestedClass = claimClassName(claim);
  let best: PersistentVolume | undefined;
  for (const volume of volumes) {
    if (storageOf(volume.spec?.capacity as Record<string, string> | undefined) < requested) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
    const nodeFits = !opts.node || !terms || nodeSelectorMatches(terms, opts.node);
    if (isVolumeBoundToClaim(volume, claim)) {
      // a pre-bound volume is the claim's even when it does not fit: binding then reports the mismatch
      if (nodeFits) return volume;
      continue;
    }
    if (!opts.node && opts.delayBinding) continue;
    if ((volume.status?.phase ?? 'Pending') !== 'Available' || volume.spec?.claimRef) continue;
    if (claim.spec?.selector && !selectorMatches(claim.spec.selector, volume.metadata?.labels)) continue;
    if (volumeClassName(volume) !== requestedClass) continue;
    if (!nodeFits || !accessModesFit(claim, volume)) continue;
    if (!best || isBetter(volume, best)) best = volume;
  }
  return best;
}

function isBetter(a: PersistentVolume, b: PersistentVolume): boolean {
  const sa = storageOf(a.spec?.capacity as Record<string, string> | undefined);
  const sb = storageOf(b.spec?.capacity as Record<string, string> | undefined);
  if (sa !== sb) return sa < sb;
  return (a.spec?.accessModes ?? []).length < (b.spec?.accessModes ?? []).length;
}
