import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { findMatchingVolume, isVolumeBoundToClaim } from '../../controllers/persistent-volume/volume-match';
import { ANN_SELECTED_NODE } from '../../controllers/persistent-volume/annotations';
import type { Snapshot } from '../snapshot';
import type { CycleContext, Plugin } from '../framework';
import { nodeSelectorMatches } from '../labels';
import { status, type NodeInfo } from '../types';

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_ZONE_CONFLICT = 'node(s) had no available volume zone';
/** The provisioner of classes whose volumes are only ever created by hand. */
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
export const ERR_RWOP_CONFLICT = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

/** The claim names a pod uses (persistentVolumeClaim volumes and generic ephemeral volumes). */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata?.name}-${v.name}`);
  }
  return out;
}

interface Claims {
  bound: PersistentVolume[];
  missingPV: boolean;
  delayed: PersistentVolumeClaim[];
}

/**
 * Whether a delayed claim can be met on a node: a matching Available volume the node may use
 * (FindMatchingVolume, shared with the PV controller), else dynamic provisioning by its class
 * (checkVolumeProvisions: a class with a provisioner whose allowedTopologies admit the node).
 */
function claimFits(pvc: PersistentVolumeClaim, n: NodeInfo, pvs: PersistentVolume[], classes: Map<string, StorageClass>): PersistentVolume | 'provision' | undefined {
  const pv = findMatchingVolume(pvc, pvs, { node: n.node });
  if (pv) return pv;
  const sc = classes.get(pvc.spec?.storageClassName ?? '');
  if (!sc || sc.provisioner === NO_PROVISIONER) return undefined;
  const topologies = sc.allowedTopologies ?? [];
  const fits = topologies.length === 0 || topologies.some((t) => (t.matchLabelExpressions ?? []).every((e) => e.values.includes(n.labels[e.key] ?? '\u0000')));
  return fits ? 'provision' : undefined;
}

/**
 * VolumeBinding, for what Kubeflare stores: emptyDir/configMap/secret need nothing; a PVC must exist and be
 * bound (Immediate) or, under WaitForFirstConsumer, have a matching Available PV on the node or a class
 * that can provision there; bound PVs' node affinity must match. Binding the delayed claims is
 * `volumeBindingPlan`'s: the pod is bound once its claims are.
 */
export function volumeBinding(): Plugin {
  const key = 'VolumeBinding';
  return {
    name: 'VolumeBinding',
    preFilter(ctx) {
      const names = podClaimNames(ctx.pod);
      if (names.length === 0) return status('Skip');
      const c: Claims = { bound: [], missingPV: false, delayed: [] };
      let unboundImmediate = false;
      for (const name of names) {
        const pvc = ctx.snapshot.pvcs.get(`${ctx.podInfo.namespace}/${name}`);
        if (!pvc) return status('UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" not found`);
        if (pvc.metadata?.deletionTimestamp) return status('UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" is being deleted`);
        const volumeName = pvc.spec?.volumeName;
        if (volumeName) {
          const pv = ctx.snapshot.pvs.get(volumeName);
          if (pv) c.bound.push(pv);
          else c.missingPV = true;
          continue;
        }
        const sc = ctx.snapshot.storageClasses.get(pvc.spec?.storageClassName ?? '');
        if (sc?.volumeBindingMode === 'WaitForFirstConsumer') c.delayed.push(pvc);
        else unboundImmediate = true;
      }
      if (unboundImmediate) return status('UnschedulableAndUnresolvable', ERR_UNBOUND_IMMEDIATE);
      ctx.state.set(key, c as never);
      return null;
    },
    filter(ctx, n) {
      const c = ctx.state.get(key) as unknown as Claims;
      if (c.missingPV) return status('UnschedulableAndUnresolvable', ERR_PV_NOT_EXIST);
      for (const pv of c.bound) {
        const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
        if (terms && !nodeSelectorMatches(terms, n.node)) return status('UnschedulableAndUnresolvable', ERR_NODE_CONFLICT);
      }
      let pvs = [...ctx.snapshot.pvs.values()];
      for (const pvc of c.delayed) {
        const fit = claimFits(pvc, n, pvs, ctx.snapshot.storageClasses);
        if (!fit) return status('UnschedulableAndUnresolvable', ERR_BIND_CONFLICT);
        // one volume serves one claim of the pod
        if (fit !== 'provision') pvs = pvs.filter((p) => p !== fit);
      }
      return null;
    },
    reserve: () => null,
    preBind: () => null,
  };
}

/** What binding a pod's delayed claims to its chosen node takes (the API half of upstream's PreBind, BindPodVolumes). */
export interface VolumeBindingPlan {
  /** Claims to mark with `volume.kubernetes.io/selected-node` (their class provisions there). */
  provision: PersistentVolumeClaim[];
  /** Available volumes to pre-bind (claimRef) to a claim; the PV controller completes the binding. */
  bind: { volume: PersistentVolume; claim: PersistentVolumeClaim }[];
  /** Some claim of the pod is not bound yet: the pod waits (it is bound once its claims are). */
  waiting: boolean;
}

/**
 * The volume half of binding a pod to `nodeName`, as upstream's VolumeBinding Reserve/PreBind: each
 * unbound WaitForFirstConsumer claim gets a matching static volume pre-bound to it, or the
 * selected-node annotation its provisioner waits for. Upstream's PreBind then blocks until the PV
 * controller has bound every claim; here the pod goes back to the queue and is bound on a later
 * cycle, when its claims (bound, with the volume's node affinity) leave one place for it.
 */
export function volumeBindingPlan(pod: Pod, snapshot: Snapshot, nodeName: string): VolumeBindingPlan {
  const plan: VolumeBindingPlan = { provision: [], bind: [], waiting: false };
  const node = snapshot.byName.get(nodeName);
  let pvs = [...snapshot.pvs.values()];
  for (const name of podClaimNames(pod)) {
    const pvc = snapshot.pvcs.get(`${pod.metadata?.namespace ?? 'default'}/${name}`);
    if (!pvc || pvc.spec?.volumeName) continue;
    plan.waiting = true;
    if (!node || snapshot.storageClasses.get(pvc.spec?.storageClassName ?? '')?.volumeBindingMode !== 'WaitForFirstConsumer') continue;
    const fit = claimFits(pvc, node, pvs, snapshot.storageClasses);
    if (fit === 'provision') {
      if (pvc.metadata?.annotations?.[ANN_SELECTED_NODE] !== nodeName) plan.provision.push(pvc);
    } else if (fit) {
      pvs = pvs.filter((p) => p !== fit);
      if (!isVolumeBoundToClaim(fit, pvc)) plan.bind.push({ volume: fit, claim: pvc });
    }
  }
  return plan;
}

const ZONE_LABELS = [
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
];

function boundPVs(ctx: CycleContext): PersistentVolume[] {
  const out: PersistentVolume[] = [];
  for (const name of podClaimNames(ctx.pod)) {
    const pvc = ctx.snapshot.pvcs.get(`${ctx.podInfo.namespace}/${name}`);
    const pv = pvc?.spec?.volumeName ? ctx.snapshot.pvs.get(pvc.spec.volumeName) : undefined;
    if (pv) out.push(pv);
  }
  return out;
}

/** VolumeZone: a bound PV's zone/region labels (values may be "a__b" sets) must include the node's. */
export function volumeZone(): Plugin {
  const key = 'VolumeZone';
  return {
    name: 'VolumeZone',
    preFilter(ctx) {
      const pvs = boundPVs(ctx).filter((pv) => ZONE_LABELS.some((l) => pv.metadata?.labels?.[l] !== undefined));
      if (pvs.length === 0) return status('Skip');
      ctx.state.set(key, { pvs } as never);
      return null;
    },
    filter(ctx, n) {
      const { pvs } = ctx.state.get(key) as unknown as { pvs: PersistentVolume[] };
      for (const pv of pvs) {
        for (const l of ZONE_LABELS) {
          const want = pv.metadata?.labels?.[l];
          if (want === undefined) continue;
          const nodeV = n.labels[l];
          if (nodeV === undefined || !want.split('__').includes(nodeV)) return status('UnschedulableAndUnresolvable', ERR_ZONE_CONFLICT);
        }
      }
      return null;
    },
  };
}

/** VolumeRestrictions: a ReadWriteOncePod claim may be used by one pod only. (In-tree disk conflicts are not stored.) */
export function volumeRestrictions(): Plugin {
  return {
    name: 'VolumeRestrictions',
    preFilter(ctx) {
      const rwop = podClaimNames(ctx.pod).filter((name) =>
        ctx.snapshot.pvcs.get(`${ctx.podInfo.namespace}/${name}`)?.spec?.accessModes?.includes('ReadWriteOncePod'),
      );
      if (rwop.length === 0) return status('Skip');
      for (const n of ctx.snapshot.nodes) {
        for (const p of n.pods) {
          if (p.namespace !== ctx.podInfo.namespace || p.key === ctx.podInfo.key) continue;
          if (podClaimNames(p.pod).some((c) => rwop.includes(c))) return status('UnschedulableAndUnresolvable', ERR_RWOP_CONFLICT);
        }
      }
      return null;
    },
    // Disk conflicts of in-tree volume types (GCE PD, EBS, RBD, iSCSI) cannot occur: Kubeflare stores none.
    filter: () => null,
  };
}

/** NodeVolumeLimits: CSI attach limits are not modelled; accepted in configuration, never rejects. */
export function nodeVolumeLimits(): Plugin {
  return { name: 'NodeVolumeLimits', filter: () => null };
}
