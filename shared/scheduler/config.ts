import { invalid, type ApiError, type StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { fieldDuplicate, fieldInvalid, fieldRequired } from './field-errors';
import type { Profile } from './framework';
import { buildProfile, type ProfileConfig } from './profile-builder';

/** The scheduler's effective configuration: profiles by schedulerName plus queue and sampling settings. */
export interface SchedulerConfig {
  profiles: Map<string, Profile>;
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
}

/** KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), the parts Kubeflare honours. */
export interface KubeSchedulerConfiguration {
  apiVersion?: string;
  kind?: string;
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles?: ProfileConfig[];
}

/** The name kube-scheduler's single default profile uses. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * Defaults, validates and resolves a configuration. Returns the causes (upstream field paths and wording)
 * when invalid, so the caller keeps the previous configuration in force.
 * @example parseSchedulerConfiguration({ profiles: [{ schedulerName: 'default-scheduler' }] })
 */
export function parseSchedulerConfiguration(raw: unknown): { config: SchedulerConfig; causes?: undefined } | { causes: StatusCause[]; config?: undefined } {
  const causes: StatusCause[] = [];
  if (!isPlainObject(raw)) return { causes: [fieldInvalid('', raw, 'must be an object')] };
  const c = raw as KubeSchedulerConfiguration;
  if (c.apiVersion !== undefined && c.apiVersion !== 'kubescheduler.config.k8s.io/v1') {
    causes.push(fieldInvalid('apiVersion', c.apiVersion, 'must be kubescheduler.config.k8s.io/v1'));
  }
  const profilesCfg = c.profiles ?? [{ schedulerName: DEFAULT_SCHEDULER_NAME }];
  const profiles = new Map<string, Profile>();
  if (!Array.isArray(profilesCfg) || profilesCfg.length === 0) causes.push(fieldRequired('profiles'));
  else {
    const seen = new Map<string, number>();
    profilesCfg.forEach((p, i) => {
      const path = `profiles[${i}]`;
      const cfg: ProfileConfig = { ...p, schedulerName: p.schedulerName ?? DEFAULT_SCHEDULER_NAME };
      if (cfg.schedulerName === '') causes.push(fieldRequired(`${path}.schedulerName`));
      const pct = cfg.percentageOfNodesToScore;
      if (pct !== undefined && !(pct >= 0 && pct <= 100)) causes.push(fieldInvalid(`${path}.percentageOfNodesToScore`, pct, 'not in valid range [0-100]'));
      const seenAt = seen.get(cfg.schedulerName!);
      if (seenAt !== undefined) causes.push(fieldDuplicate(`${path}.schedulerName`, `profiles[${seenAt}].schedulerName`));
      seen.set(cfg.schedulerName!, i);
      profiles.set(cfg.schedulerName!, buildProfile(cfg, path, causes));
    });
    const sorts = [...profiles.values()].map((p) => p.queueSort.map((q) => q.name).join(','));
    sorts.forEach((s, i) => {
      if (i > 0 && s !== sorts[0]) causes.push(fieldInvalid(`profiles[${i}].plugins.queueSort`, s, 'must be the same for all profiles'));
    });
  }
  const pct = c.percentageOfNodesToScore ?? 0;
  if (!(pct >= 0 && pct <= 100)) causes.push(fieldInvalid('percentageOfNodesToScore', pct, 'not in valid range [0-100]'));
  const initial = c.podInitialBackoffSeconds ?? 1;
  const max = c.podMaxBackoffSeconds ?? 10;
  if (!(initial > 0)) causes.push(fieldInvalid('podInitialBackoffSeconds', initial, 'must be greater than 0'));
  if (max < initial) causes.push(fieldInvalid('podMaxBackoffSeconds', max, 'must be greater than or equal to PodInitialBackoffSeconds'));
  if (causes.length > 0) return { causes };
  return { config: { profiles, percentageOfNodesToScore: pct, podInitialBackoffSeconds: initial, podMaxBackoffSeconds: max } };
}

/** The 422 to answer with when a stored configuration is invalid. */
export function schedulerConfigError(name: string, causes: StatusCause[]): ApiError {
  return invalid('KubeSchedulerConfiguration', 'kubescheduler.config.k8s.io', name, causes);
}

/** The default configuration (one default-scheduler profile with upstream's plugins and weights). */
export function defaultSchedulerConfig(): SchedulerConfig {
  const r = parseSchedulerConfiguration({});
  if (!r.config) throw new Error('default scheduler configuration is invalid');
  return r.config;
}

/** The default profile alone. */
export function defaultProfile(): Profile {
  return defaultSchedulerConfig().profiles.get(DEFAULT_SCHEDULER_NAME)!;
}
