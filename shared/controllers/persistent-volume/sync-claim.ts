import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { claimWantsDefaultClass, defaultStorageClass } from '../../apiserver/default-storage-class';
import type { Action, ReconcileResult } from '../actions';
import { makeEvent } from '../events';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, PROVISIONER_COMPONENT, PV_CONTROLLER_COMPONENT } from './annotations';
import { bind, claimPhase, CLAIMS, toKube, VOLUMES } from './bind';
import { claimClassName } from './claim-class';
import { isSimulatedClass, provisionedVolume, provisionedVolumeName } from './provision';
import { findMatchingVolume, isVolumeBoundToClaim } from './volume-match';

export interface ClaimSyncInput {
  claim: PersistentVolumeClaim;
  /** Every PersistentVolume. */
  volumes: readonly PersistentVolume[];
  classes: readonly StorageClass[];
  now: number;
  /**
   * This version of the claim was already reported on: leave out the informational events
   * (WaitForFirstConsumer, ExternalProvisioning …) upstream repeats on every resync.
   */
  reported?: boolean;
}

/**
 * PersistentVolumeController.syncClaim (pkg/controller/volume/persistentvolume/pv_controller.go)
 * with the simulated provisioner in place of an external one: a claim without a class gets the
 * default class (retroactive assignment); an unbound claim is bound to a pre-bound or the smallest
 * matching volume, waits for a consumer under WaitForFirstConsumer until the scheduler names a
 * node, or is provisioned; a bound claim keeps its volume's link, or is Lost without it.
 */
export function syncClaim(input: ClaimSyncInput): ReconcileResult {
  const { claim } = input;
  if (claim.metadata?.deletionTimestamp) return { actions: [] };
  if (!claim.spec?.volumeName || !claim.metadata?.annotations?.[ANN_BIND_COMPLETED]) return { actions: syncUnboundClaim(input) };
  return { actions: syncBoundClaim(input) };
}

function event(claim: PersistentVolumeClaim, type: 'Normal' | 'Warning', reason: string, message: string, now: number, component = PV_CONTROLLER_COMPONENT): Action {
  return { kind: 'event', event: makeEvent({ ...claim, apiVersion: 'v1', kind: 'PersistentVolumeClaim' }, type, reason, message, component, now) };
}

function syncUnboundClaim(input: ClaimSyncInput): Action[] {
  const { claim, volumes, classes, now, reported } = input;
  // a claim that names a volume is bound to it, whatever it asks for (static pre-binding)
  if (claim.spec?.volumeName) {
    const volume = volumes.find((v) => v.metadata?.name === claim.spec!.volumeName);
    if (!volume) return claimPhase(claim, { phase: 'Pending' });
    if (!volume.spec?.claimRef || isVolumeBoundToClaim(volume, claim)) return bind(volume, claim, now);
    return [...claimPhase(claim, { phase: 'Pending' }), ...(reported ? [] : [event(claim, 'Warning', 'FailedBinding', 'volume already bound to a different claim.', now)])];
  }
  // retroactive default StorageClass assignment (GA in 1.28): a claim that named no class gets today's default
  if (claimWantsDefaultClass(claim)) {
    const dflt = defaultStorageClass(classes);
    if (dflt?.metadata?.name) return [{ kind: 'update', resource: CLAIMS, namespace: claim.metadata?.namespace ?? '', object: toKube({ ...claim, spec: { ...claim.spec, storageClassName: dflt.metadata.name } }) }];
  }
  const className = claimClassName(claim);
  const cls = classes.find((c) => c.metadata?.name === className);
  const selectedNode = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
  const delayBinding = cls?.volumeBindingMode === 'WaitForFirstConsumer' && !selectedNode;
  const volume = findMatchingVolume(claim, volumes, { delayBinding });
  if (volume) return bind(volume, claim, now);
  const pending = claimPhase(claim, { phase: 'Pending' });
  const tell = (type: 'Normal' | 'Warning', reason: string, message: string, component?: string) => (reported ? [] : [event(claim, type, reason, message, now, component)]);
  if (delayBinding) return [...pending, ...tell('Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding')];
  if (className === '') return [...pending, ...tell('Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set')];
  if (!cls) return [...pending, ...tell('Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`)];
  if (cls.provisioner === 'kubernetes.io/no-provisioner') return [...pending, ...tell('Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set')];
  return [...pending, ...provision(input, cls)];
}

/**
 * provisionClaim for an out-of-tree provisioner: the claim is marked with the provisioner's name
 * and, for Kubeflare's simulated class, the provisioner (playing external-provisioner) creates the
 * volume, pre-bound to the claim, which the next sync binds.
 */
function provision(input: ClaimSyncInput, cls: StorageClass): Action[] {
  const { claim, volumes, now, reported } = input;
  const actions: Action[] = [];
  const annotations = claim.metadata?.annotations ?? {};
  if (annotations[ANN_STORAGE_PROVISIONER] !== cls.provisioner || annotations[ANN_BETA_STORAGE_PROVISIONER] !== cls.provisioner) {
    const next = { ...annotations, [ANN_STORAGE_PROVISIONER]: cls.provisioner, [ANN_BETA_STORAGE_PROVISIONER]: cls.provisioner };
    actions.push({ kind: 'update', resource: CLAIMS, namespace: claim.metadata?.namespace ?? '', object: toKube({ ...claim, metadata: { ...claim.metadata, annotations: next } }) });
    // the next sync sees the marked claim; provisioning then starts from a fresh read
    return [...actions, event(claim, 'Normal', 'ExternalProvisioning', `waiting for a volume to be created, either by external provisioner "${cls.provisioner}" or manually created by system administrator`, now)];
  }
  if (!isSimulatedClass(cls)) {
    return reported ? [] : [event(claim, 'Normal', 'ExternalProvisioning', `waiting for a volume to be created, either by external provisioner "${cls.provisioner}" or manually created by system administrator`, now)];
  }
  const name = provisionedVolumeName(claim);
  // already provisioned (and waiting to be bound, or bound elsewhere): nothing more to create
  if (volumes.some((v) => v.metadata?.name === name && v.metadata?.annotations?.[ANN_PROVISIONED_BY])) return [];
  const storage = claim.spec?.resources?.requests?.['storage'];
  if (!storage) return [event(claim, 'Warning', 'ProvisioningFailed', 'failed to provision volume with StorageClass "' + cls.metadata?.name + '": claim.Spec.Resources.Requests[storage] not found', now, PROVISIONER_COMPONENT)];
  const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
  const ref = `${claim.metadata?.namespace}/${claim.metadata?.name}`;
  return [
    event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ref}"`, now, PROVISIONER_COMPONENT),
    { kind: 'create', resource: VOLUMES, namespace: '', object: toKube(provisionedVolume(claim, cls, selected)) },
    event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, now, PROVISIONER_COMPONENT),
  ];
}

function syncBoundClaim(input: ClaimSyncInput): Action[] {
  const { claim, volumes, now } = input;
  const volume = volumes.find((v) => v.metadata?.name === claim.spec?.volumeName);
  if (!volume) {
    if (claim.status?.phase === 'Lost') return [];
    return [...claimPhase(claim, { phase: 'Lost' }), event(claim, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', now)];
  }
  // the volume is unbound (its claimRef was cleared) or bound to this claim: (re)establish both halves
  if (!volume.spec?.claimRef || isVolumeBoundToClaim(volume, claim)) return bind(volume, claim, now);
  if (claim.status?.phase === 'Lost') return [];
  return [...claimPhase(claim, { phase: 'Lost' }), event(claim, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly', now)];
}
