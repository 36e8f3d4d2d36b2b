import type { ConfigMap } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors';
import type { Client } from '../client/client';
import { DEFAULT_CPU_BURST_STRATEGY, parseCpuBurstCfg, SLO_CONFIG_NAME, SLO_CONFIG_NAMESPACE, type CpuBurstCfg } from './cpu-burst-config';

/**
 * Koordinator's merged cpu-burst-config, read from the `koordinator-system/slo-controller-config`
 * ConfigMap: undefined when there is none (Koordinator is not installed, nothing bursts). Config
 * that does not unmarshal falls back to the defaults (policy none); upstream's slo-controller keeps
 * its previous config instead, which a request-time model has no memory of.
 */
export async function readCpuBurstCfg(client: Client): Promise<CpuBurstCfg | undefined> {
  let cm: ConfigMap;
  try {
    cm = await client.resource<ConfigMap>({ group: '', version: 'v1', plural: 'configmaps' }).namespace(SLO_CONFIG_NAMESPACE).get(SLO_CONFIG_NAME);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
  const r = parseCpuBurstCfg(cm.data);
  return 'cfg' in r ? r.cfg : { clusterStrategy: { ...DEFAULT_CPU_BURST_STRATEGY }, nodeStrategies: [] };
}
