import type { ConfigMap } from 'kubernetes-types/core/v1';
import { parse as parseYaml } from 'yaml';
import type { StatusCause } from '../api/errors';
import { defaultSchedulerConfig, parseSchedulerConfiguration, type SchedulerConfig } from './config';

/** Where the cluster's KubeSchedulerConfiguration lives: ConfigMap kube-system/kube-scheduler-config, key config.yaml. */
export const SCHEDULER_CONFIG_NAMESPACE = 'kube-system';
export const SCHEDULER_CONFIG_NAME = 'kube-scheduler-config';
export const SCHEDULER_CONFIG_KEY = 'config.yaml';

/** Parses the configuration held in the ConfigMap; causes name the field (for the 422 at admission). */
export function parseConfigMap(cm: ConfigMap | undefined): { config: SchedulerConfig; causes?: StatusCause[] } {
  const text = cm?.data?.[SCHEDULER_CONFIG_KEY];
  if (!text) return { config: defaultSchedulerConfig() };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return { config: defaultSchedulerConfig(), causes: [{ reason: 'FieldValueInvalid', field: `data[${SCHEDULER_CONFIG_KEY}]`, message: `Invalid value: ${(e as Error).message}` }] };
  }
  const parsed = parseSchedulerConfiguration(raw);
  if (parsed.causes) {
    return {
      config: defaultSchedulerConfig(),
      causes: parsed.causes.map((c) => ({ ...c, field: `data[${SCHEDULER_CONFIG_KEY}]${c.field ? `.${c.field}` : ''}` })),
    };
  }
  return { config: parsed.config };
}
