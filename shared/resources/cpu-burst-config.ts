import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorFromObject, matchesLabels } from '../selectors/label-selector-object';

/** Koordinator's CPU burst policies (apis/slo/v1alpha1 CPUBurstPolicy). */
export type CpuBurstPolicy = 'none' | 'cpuBurstOnly' | 'cfsQuotaBurstOnly' | 'auto';

/** CPUBurstConfig: per node, or per pod through the `koordinator.sh/cpuBurst` annotation. */
export interface CpuBurstConfig {
  /** Any other string is kept and enables nothing, as koordlet treats it. */
  policy?: CpuBurstPolicy | string;
  /** cpu.cfs_burst_us = limit × cpuBurstPercent / 100 × period. */
  cpuBurstPercent?: number;
  /** The ceiling of the scaled cfs quota, in percent of the base quota. */
  cfsQuotaBurstPercent?: number;
  /** Longest time a container may run above its limit (token bucket); −1: no limit. */
  cfsQuotaBurstPeriodSeconds?: number;
}

/** CPUBurstStrategy: a node's config plus the share-pool threshold that decides the node state. */
export interface CpuBurstStrategy extends CpuBurstConfig {
  sharePoolThresholdPercent?: number;
}

/** `cpu-burst-config` of the slo-controller-config ConfigMap, merged (extension.CPUBurstCfg). */
export interface CpuBurstCfg {
  clusterStrategy: Required<CpuBurstStrategy>;
  nodeStrategies: (Required<CpuBurstStrategy> & { nodeSelector?: LabelSelector })[];
}

export const SLO_CONFIG_NAMESPACE = 'koordinator-system';
export const SLO_CONFIG_NAME = 'slo-controller-config';
export const CPU_BURST_CONFIG_KEY = 'cpu-burst-config';
export const POD_CPU_BURST_ANNOTATION = 'koordinator.sh/cpuBurst';
export const POD_QOS_LABEL = 'koordinator.sh/qosClass';

/** sloconfig.DefaultCPUBurstStrategy. */
export const DEFAULT_CPU_BURST_STRATEGY: Required<CpuBurstStrategy> = {
  policy: 'none', cpuBurstPercent: 1000, cfsQuotaBurstPercent: 300, cfsQuotaBurstPeriodSeconds: -1, sharePoolThresholdPercent: 50,
};

const INT_FIELDS = ['cpuBurstPercent', 'cfsQuotaBurstPercent', 'cfsQuotaBurstPeriodSeconds', 'sharePoolThresholdPercent'] as const;

// What encoding/json accepts for the strategy: int64 fields must be integers, policy a string.
function strategyError(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) return `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go struct field ${path} of type v1alpha1.CPUBurstStrategy`;
  const o = v as Record<string, unknown>;
  for (const f of INT_FIELDS) {
    const x = o[f];
    if (x !== undefined && x !== null && !(typeof x === 'number' && Number.isInteger(x))) return `json: cannot unmarshal ${typeof x === 'number' ? 'number' : typeof x} into Go struct field ${path}.${f} of type int64`;
  }
  if (o['policy'] !== undefined && o['policy'] !== null && typeof o['policy'] !== 'string') return `json: cannot unmarshal ${typeof o['policy']} into Go struct field ${path}.policy of type v1alpha1.CPUBurstPolicy`;
  return undefined;
}

// util.MergeCfg: the fields set in `over` replace those of `base`.
function merge<T extends object>(base: T, over: unknown): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries((over ?? {}) as Record<string, unknown>)) if (v !== undefined && v !== null && k !== 'nodeSelector') out[k] = v;
  return out as T;
}

/**
 * The slo-controller's merge of `cpu-burst-config` (calculateCPUBurstCfgMerged): the cluster strategy
 * over the defaults, every node strategy over the merged cluster strategy. No key → defaults; JSON
 * that does not unmarshal → an error (the slo-controller then records a Warning event and keeps the
 * previous config).
 */
export function parseCpuBurstCfg(data: Record<string, string> | undefined): { cfg: CpuBurstCfg } | { error: string } {
  const raw = data?.[CPU_BURST_CONFIG_KEY];
  if (raw === undefined) return { cfg: { clusterStrategy: { ...DEFAULT_CPU_BURST_STRATEGY }, nodeStrategies: [] } };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    return { error: `invalid character in cpu-burst-config: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'json: cannot unmarshal cpu-burst-config into Go value of type extension.CPUBurstCfg' };
  const o = v as { clusterStrategy?: unknown; nodeStrategies?: unknown };
  const clusterErr = strategyError(o.clusterStrategy, 'CPUBurstCfg.clusterStrategy');
  if (clusterErr) return { error: clusterErr };
  if (o.nodeStrategies !== undefined && o.nodeStrategies !== null && !Array.isArray(o.nodeStrategies)) return { error: 'json: cannot unmarshal object into Go struct field CPUBurstCfg.nodeStrategies of type []extension.NodeCPUBurstCfg' };
  const nodes = (o.nodeStrategies ?? []) as unknown[];
  for (const n of nodes) {
    const err = strategyError(n, 'CPUBurstCfg.nodeStrategies');
    if (err) return { error: err };
  }
  const clusterStrategy = merge(DEFAULT_CPU_BURST_STRATEGY, o.clusterStrategy);
  const nodeStrategies = nodes.map((n) => ({ ...merge(clusterStrategy, n), ...((n as { nodeSelector?: LabelSelector }).nodeSelector ? { nodeSelector: (n as { nodeSelector: LabelSelector }).nodeSelector } : {}) }));
  return { cfg: { clusterStrategy, nodeStrategies } };
}

/**
 * A node's strategy (getCPUBurstConfigSpec): the first node strategy whose selector matches its
 * labels; a selector that does not parse is skipped; else the cluster strategy.
 */
export function nodeCpuBurstStrategy(cfg: CpuBurstCfg, node: Node | undefined): Required<CpuBurstStrategy> {
  for (const s of cfg.nodeStrategies) {
    let reqs;
    try {
      reqs = labelSelectorFromObject(s.nodeSelector);
    } catch {
      continue;
    }
    if (!matchesLabels(reqs, node?.metadata?.labels)) continue;
    const { nodeSelector: _, ...strategy } = s;
    return strategy;
  }
  return cfg.clusterStrategy;
}

/**
 * A pod's config (genPodBurstConfig): the `koordinator.sh/cpuBurst` annotation's fields over the
 * node's; an annotation that does not parse leaves the node's config.
 */
export function podCpuBurstConfig(pod: Pod, node: CpuBurstConfig): CpuBurstConfig {
  const raw = pod.metadata?.annotations?.[POD_CPU_BURST_ANNOTATION];
  if (raw === undefined) return node;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return node;
  }
  if (strategyError(v, 'CPUBurstConfig')) return node;
  const { cpuBurstPercent, cfsQuotaBurstPercent, cfsQuotaBurstPeriodSeconds, policy } = node;
  return merge({ policy, cpuBurstPercent, cfsQuotaBurstPercent, cfsQuotaBurstPeriodSeconds }, v);
}

/** util.IsPodCPUBurstable: every Koordinator QoS but LSR, LSE and BE (LS, SYSTEM or no label). */
export function isPodCpuBurstable(pod: Pod): boolean {
  const qos = pod.metadata?.labels?.[POD_QOS_LABEL] ?? '';
  return qos !== 'LSR' && qos !== 'LSE' && qos !== 'BE';
}
