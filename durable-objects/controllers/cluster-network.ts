import type { ConfigMap } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { FLANNEL_CONFIG_MAP, FLANNEL_NAMESPACE, flannelConfigFrom, type FlannelConfig, type FlannelConfigResult } from '../../shared/network';
import type { ReconcileContext } from './controller-def';
import { CONFIG_MAPS } from '../../shared/api/resource-refs';

interface Cached {
  at: number;
  result: FlannelConfigResult & { configMap?: ConfigMap };
}

/**
 * The cluster's pod network configuration (the kube-flannel-cfg ConfigMap, or flannel's defaults), read
 * at most once per `maxAgeMs` of cluster time by this controller host: node IPAM asks on every node change.
 */
export async function readFlannelConfig(ctx: Pick<ReconcileContext, 'client' | 'memo' | 'now'>, maxAgeMs = 5000): Promise<Cached['result']> {
  const cached = ctx.memo.flannelConfig as Cached | undefined;
  if (cached && ctx.now - cached.at < maxAgeMs) return cached.result;
  let cm: ConfigMap | undefined;
  try {
    cm = await ctx.client.resource<ConfigMap>(CONFIG_MAPS).namespace(FLANNEL_NAMESPACE).get(FLANNEL_CONFIG_MAP);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
  }
  const result = { ...flannelConfigFrom(cm), ...(cm ? { configMap: cm } : {}) };
  ctx.memo.flannelConfig = { at: ctx.now, result } satisfies Cached;
  return result;
}

/** The valid configuration, or undefined while the ConfigMap holds an invalid one (callers keep what they have). */
export async function readClusterNetwork(ctx: Pick<ReconcileContext, 'client' | 'memo' | 'now'>): Promise<FlannelConfig | undefined> {
  const r = await readFlannelConfig(ctx);
  return r.ok ? r.config : undefined;
}
