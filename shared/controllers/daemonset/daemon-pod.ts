import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1';
import { TAINT_KEYS } from '../node-lifecycle/taints';
import { newControllerRef } from '../owner-refs';
import { podPrefix } from '../replica-set-reconciler';

/** apps.DefaultDaemonSetUniqueLabelKey: the revision hash on a DaemonSet's pods and revisions. */
export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the template generation label of pods (pre-hash DaemonSets). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** apps.DeprecatedTemplateGeneration: the annotation older API servers kept the template generation in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** v1.Toleration.MatchToleration: same key, operator, value and effect (tolerationSeconds aside). */
function matchToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** v1helper.AddOrUpdateTolerationInPodSpec: replace the matching toleration, or append it. */
function addOrUpdateToleration(spec: PodSpec, t: Toleration): void {
  const list = spec.tolerations ?? [];
  const i = list.findIndex((x) => matchToleration(x, t));
  spec.tolerations = i < 0 ? [...list, t] : list.map((x, j) => (j === i ? t : x));
}

/**
 * util.AddOrUpdateDaemonPodTolerations: daemon pods survive node problems (not-ready and unreachable
 * NoExecute, without tolerationSeconds) and run on nodes tainted by condition (pressure, unschedulable;
 * network-unavailable only for host-network pods, which need no pod network).
 */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const exists = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key, operator: 'Exists', effect });
  addOrUpdateToleration(spec, exists(TAINT_KEYS.notReady, 'NoExecute'));
  addOrUpdateToleration(spec, exists(TAINT_KEYS.unreachable, 'NoExecute'));
  addOrUpdateToleration(spec, exists(TAINT_KEYS.diskPressure, 'NoSchedule'));
  addOrUpdateToleration(spec, exists(TAINT_KEYS.memoryPressure, 'NoSchedule'));
  addOrUpdateToleration(spec, exists(TAINT_KEYS.pidPressure, 'NoSchedule'));
  addOrUpdateToleration(spec, exists(TAINT_KEYS.unschedulable, 'NoSchedule'));
  if (spec.hostNetwork) addOrUpdateToleration(spec, exists(TAINT_KEYS.networkUnavailable, 'NoSchedule'));
}

/**
 * util.ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one term matching
 * the node's name (matchFields metadata.name), so the default scheduler binds the pod there.
 */
export function replaceNodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }];
  const out = structuredClone(affinity ?? {});
  out.nodeAffinity = { ...(out.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } };
  return out;
}

/**
 * util.GetTargetNodeName: spec.nodeName, else the single metadata.name value of the required node
 * affinity's matchFields (a pod not yet scheduled); undefined when neither names one node.
 */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const r of term.matchFields ?? []) {
      if (r.key === 'metadata.name' && r.operator === 'In') return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}

/** util.GetTemplateGeneration: the deprecated annotation as an integer, undefined when absent or unparsable. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** util.IsPodUpdated: the pod carries the current hash, or (older pods) the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const generationMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  return (hash !== '' && labels[DAEMONSET_HASH_LABEL] === hash) || generationMatches;
}

/** util.CreatePodTemplate: the template with daemon tolerations, generation and hash labels. */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {}) as PodTemplateSpec;
  t.spec ??= { containers: [] };
  addDaemonPodTolerations(t.spec);
  const labels = { ...(t.metadata?.labels ?? {}) };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[DAEMONSET_HASH_LABEL] = hash;
  t.metadata = { ...(t.metadata ?? {}), labels };
  return t;
}

/** The pod syncNodes creates for `nodeName`: GetPodFromTemplate with node-name affinity. */
export function newDaemonPod(ds: DaemonSet, template: PodTemplateSpec, nodeName: string): Pod {
  const meta = template.metadata ?? {};
  const spec = structuredClone(template.spec ?? { containers: [] });
  spec.affinity = replaceNodeNameAffinity(spec.affinity, nodeName);
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podPrefix(ds.metadata?.name ?? ''),
      namespace: ds.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    spec,
  };
  if (meta.annotations) pod.metadata!.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata!.finalizers = [...meta.finalizers];
  return pod;
}
