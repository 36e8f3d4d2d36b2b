import type { StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { fieldInvalid } from './field-errors';
import type { Plugin, Profile } from './framework';
import { LEGACY_NAMES } from './legacy-names';
import { ARGS_VALIDATORS } from './plugin-args-validation';
import { DEFAULT_MULTI_POINT, EXTENSION_POINTS, REGISTRY, implementsPoint, type ExtensionPoint, type PluginRef } from './registry';

/** A plugin set as configured (v1.PluginSet). */
export interface PluginSetConfig {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

/** A profile as configured (v1.KubeSchedulerProfile). */
export interface ProfileConfig {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Partial<Record<ExtensionPoint | 'multiPoint', PluginSetConfig>>;
  pluginConfig?: { name: string; args?: Record<string, unknown> }[];
}

interface Merged {
  enabled: PluginRef[];
  disabled: Set<string>;
}

/** mergePluginSet: defaults minus disabled ('*' = all), re-configured defaults replaced in place, then custom ones. */
export function mergePluginSet(defaults: PluginRef[], custom: PluginSetConfig | undefined): Merged {
  const disabled = new Set((custom?.disabled ?? []).map((p) => p.name));
  const enabledCustom = custom?.enabled ?? [];
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has('*')) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = enabledCustom.findIndex((c) => c.name === d.name);
      if (i >= 0) replaced.add(i);
      enabled.push(i >= 0 ? enabledCustom[i]! : d);
    }
  }
  enabledCustom.forEach((c, i) => {
    if (!replaced.has(i)) enabled.push(c);
  });
  return { enabled, disabled };
}

function legacyName(name: string, strategies: Set<string>): string | null {
  const m = LEGACY_NAMES[name];
  if (!m || REGISTRY[name]) return name;
  if (m.strategy) strategies.add(m.strategy);
  return m.plugin;
}

function normalizeSet(set: PluginSetConfig | undefined, strategies: Set<string>): PluginSetConfig | undefined {
  if (!set) return set;
  // Several legacy names map to one plugin (PodToleratesNodeTaints, CheckNodeMemoryPressure): keep the first.
  const map = (list: PluginRef[] | undefined) => {
    const seen = new Set<string>();
    return (list ?? []).flatMap((p) => {
      const name = p.name === '*' ? '*' : legacyName(p.name, strategies);
      if (name === null || seen.has(name)) return [];
      seen.add(name);
      return [{ ...p, name }];
    });
  };
  return { enabled: map(set.enabled), disabled: map(set.disabled) };
}

function pluginArgs(cfg: ProfileConfig, strategies: Set<string>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const pc of cfg.pluginConfig ?? []) {
    const name = legacyName(pc.name, strategies);
    if (name === null) continue;
    let args = isPlainObject(pc.args) ? pc.args : {};
    // The old RequestedToCapacityRatioArgs {shape, resources} become NodeResourcesFit's scoring strategy.
    if (pc.name === 'RequestedToCapacityRatio' && name === 'NodeResourcesFit') {
      args = { scoringStrategy: { type: 'RequestedToCapacityRatio', resources: args.resources, requestedToCapacityRatio: { shape: args.shape } } };
    }
    out.set(name, { ...(out.get(name) ?? {}), ...args });
  }
  const [strategy] = [...strategies];
  if (strategy) {
    const fit = out.get('NodeResourcesFit') ?? {};
    const ss = isPlainObject(fit.scoringStrategy) ? fit.scoringStrategy : {};
    out.set('NodeResourcesFit', { ...fit, scoringStrategy: { type: strategy, ...ss } });
  }
  return out;
}

const POINTS = Object.keys(EXTENSION_POINTS) as ExtensionPoint[];

/**
 * Resolves one configured profile into plugins per extension point (defaults merged, multiPoint expanded,
 * legacy names mapped). Problems are appended to `causes` with field paths under `path`.
 */
export function buildProfile(cfg: ProfileConfig, path: string, causes: StatusCause[]): Profile {
  const strategies = new Set<string>();
  const sets: Partial<Record<ExtensionPoint | 'multiPoint', PluginSetConfig>> = {};
  for (const [k, v] of Object.entries(cfg.plugins ?? {})) sets[k as ExtensionPoint] = normalizeSet(v, strategies);
  const args = pluginArgs(cfg, strategies);
  (cfg.pluginConfig ?? []).forEach((pc, i) => {
    const name = legacyName(pc.name, new Set());
    const v = name ? ARGS_VALIDATORS[name] : undefined;
    if (v && name) causes.push(...v(args.get(name) ?? {}, `${path}.pluginConfig[${i}].args`));
  });

  const instances = new Map<string, Plugin>();
  const instance = (name: string): Plugin | undefined => {
    let p = instances.get(name);
    if (!p && REGISTRY[name]) {
      p = REGISTRY[name]!((args.get(name) ?? {}) as never);
      instances.set(name, p);
    }
    return p;
  };

  const multi = mergePluginSet(DEFAULT_MULTI_POINT, sets.multiPoint);
  multi.enabled.forEach((ref, i) => {
    if (!instance(ref.name)) causes.push(fieldInvalid(`${path}.plugins.multiPoint.enabled[${i}]`, ref.name, `plugin "${ref.name}" does not exist`));
  });
  const profile: Profile = {
    schedulerName: cfg.schedulerName ?? '',
    queueSort: [], preFilter: [], filter: [], postFilter: [], preScore: [], score: [], reserve: [], permit: [], preBind: [], bind: [],
  };
  if (cfg.percentageOfNodesToScore !== undefined) profile.percentageOfNodesToScore = cfg.percentageOfNodesToScore;

  for (const point of POINTS) {
    const own = mergePluginSet([], sets[point]);
    const chosen: PluginRef[] = [];
    const explicit = new Map(own.enabled.map((r) => [r.name, r]));
    own.enabled.forEach((ref, i) => {
      const pl = instance(ref.name);
      const field = `${path}.plugins.${point}.enabled[${i}]`;
      if (!pl) causes.push(fieldInvalid(field, ref.name, `${EXTENSION_POINTS[point]} "${ref.name}" does not exist`));
      else if (!implementsPoint(pl, point)) causes.push(fieldInvalid(field, ref.name, `plugin "${ref.name}" does not extend ${EXTENSION_POINTS[point]} plugin`));
    });
    // Order as upstream's expandMultiPointPlugins: overrides of multiPoint plugins, multiPoint plugins, then the rest.
    const inMulti = new Set(multi.enabled.map((r) => r.name));
    for (const r of own.enabled) if (inMulti.has(r.name)) chosen.push(r);
    if (!own.disabled.has('*')) {
      for (const r of multi.enabled) {
        const pl = instance(r.name);
        if (!pl || own.disabled.has(r.name) || explicit.has(r.name) || !implementsPoint(pl, point)) continue;
        chosen.push(r);
      }
    }
    for (const r of own.enabled) if (!inMulti.has(r.name)) chosen.push(r);
    for (const r of chosen) {
      const pl = instance(r.name);
      if (!pl || !implementsPoint(pl, point) || point === 'preEnqueue' || point === 'postBind') continue;
      if (point === 'score') {
        const w = r.weight ?? 0;
        if (w < 0) causes.push(fieldInvalid(`${path}.plugins.score.enabled`, w, `weight of plugin "${r.name}" must be greater than or equal to 0`));
        // A weight of zero is not permitted by the framework: it becomes 1.
        profile.score.push({ plugin: pl, weight: w === 0 ? 1 : w });
      } else profile[point].push(pl);
    }
  }
  // Filter and Score plugins read what their PreFilter/PreScore computed, so those always run with them.
  for (const pl of profile.filter) if (pl.preFilter && !profile.preFilter.includes(pl)) profile.preFilter.push(pl);
  for (const { plugin } of profile.score) if (plugin.preScore && !profile.preScore.includes(plugin)) profile.preScore.push(plugin);
  if (profile.bind.length === 0 && cfg.schedulerName !== undefined) {
    causes.push(fieldInvalid(`${path}.plugins.bind`, [], 'at least one bind plugin is needed'));
  }
  return profile;
}
