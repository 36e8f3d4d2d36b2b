import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { CycleContext, Plugin } from '../framework';
import { nodeSelectorMatches } from '../labels';
import { intValue } from '../quantity';
import { status, type NodeInfo } from '../types';

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_ZONE_CONFLICT = 'node(s) had no available volume zone';
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

function pvFitsClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim, n: NodeInfo): boolean {
  if (pv.status?.phase && pv.status.phase !== 'Available') return false;
  if (pv.spec?.claimRef) return false;
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? '')) return false;
  if (intValue(pv.spec?.capacity?.storage) < intValue(pvc.spec?.resources?.requests?.storage)) return false;
  const modes = pv.spec?.accessModes ?? [];
  if (!(pvc.spec?.accessModes ?? []).every((m) => modes.includes(m))) return false;
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || nodeSelectorMatches(terms, n.node);
}

/**
 * VolumeBinding, for what Kubeflare stores: emptyDir/configMap/secret need nothing; a PVC must exist and be
 * bound (Immediate) or have a matching Available PV on the node (WaitForFirstConsumer); bound PVs' node
 * affinity must match. No dynamic provisioning is modelled.
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
      const taken = new Set<string>();
      for (const pvc of c.delayed) {
        const pv = [...ctx.snapshot.pvs.values()].find((p) => !taken.has(p.metadata?.name ?? '') && pvFitsClaim(p, pvc, n));
        if (!pv) return status('UnschedulableAndUnresolvable', ERR_BIND_CONFLICT);
        taken.add(pv.metadata?.name ?? '');
      }
      return null;
    },
    reserve: () => null,
    preBind: () => null,
  };
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
