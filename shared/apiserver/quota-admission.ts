import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { addQty, cmpQty, formatQty, parseQty, subQty, zeroQty, type Qty } from './quota-quantity';
import { containerUsageNames, matchingResources, quotaMatches, usageOf, type Usage } from './quota-usage';

/** The compute names every container must state once a quota constrains them (podEvaluator's validationSet). */
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** What the ResourceQuota admission needs about one write, all from the namespace's own store. */
export interface QuotaWrite {
  /** The written object's resource (storage key: `pods`, `deployments.apps`) and its API name for messages. */
  storageKey: string;
  plural: string;
  group: string;
  /** The name the request carries (empty for generateName), as the Forbidden message shows it. */
  name: string;
  old: KubeObject | null;
  next: KubeObject;
  quotas: readonly ResourceQuota[];
  /** Every stored object of the written resource in the namespace (the old version of this one included). */
  stored: () => Iterable<KubeObject>;
  nowMs: number;
}

const hardOf = (q: ResourceQuota): Map<string, Qty> =>
  new Map(Object.entries((q.spec?.hard ?? {}) as Record<string, string>).flatMap(([k, v]) => (parseQty(v) ? [[k, parseQty(v)!] as const] : [])));

/** quota.prettyPrint: `name=value` in name order, comma-separated. */
function pretty(u: Usage, names: string[]): string {
  return [...names].sort().map((n) => `${n}=${formatQty(u.get(n) ?? zeroQty())}`).join(',');
}

function forbidden(w: QuotaWrite, message: string): ApiError {
  const resource = w.group ? `${w.plural}.${w.group}` : w.plural;
  return new ApiError(403, 'Forbidden', `${resource} "${w.name}" is forbidden: ${message}`, { name: w.name || undefined, group: w.group || undefined, kind: w.plural });
}

/** podEvaluator.Constraints: each container must state every constrained cpu/memory request and limit. */
function podConstraints(pod: Pod, required: string[]): string | undefined {
  const need = required.filter((r) => MUST_SPECIFY.has(r));
  if (need.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = containerUsageNames(c);
    for (const r of need) if (!has.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
  }
  if (missing.size === 0) return undefined;
  return `must specify ${[...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`).join('; ')}`;
}

/** What this resource's objects use in total under one quota (the objects its scopes select), for the given names. */
export function quotaUsed(quota: ResourceQuota, storageKey: string, objects: Iterable<KubeObject>, names: string[], nowMs: number): Usage {
  const used: Usage = new Map();
  const wanted = new Set(names);
  for (const o of objects) {
    if (!quotaMatches(quota, storageKey, o)) continue;
    for (const [k, v] of usageOf(storageKey, o, nowMs)) if (wanted.has(k)) used.set(k, used.has(k) ? addQty(used.get(k)!, v) : v);
  }
  return used;
}

/**
 * The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota, CheckRequest) for one
 * create (or a claim's or service's update): each quota whose scopes select the object and whose
 * hard limits name what it uses must first see every constrained cpu/memory stated ("must
 * specify"), then fit the object's usage on top of what the namespace's objects use now — counted
 * from the store itself, in the same synchronous stretch as the commit, so two writes can never
 * both take the last unit. Returns the quotas with their new status (hard and used) to commit with
 * the object; throws upstream's 403.
 * @example "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2"
 */
export function admitQuota(w: QuotaWrite): ResourceQuota[] {
  const relevant = w.quotas.filter((q) => quotaMatches(q, w.storageKey, w.next) && matchingResources(w.storageKey, hardOf(q).keys()).length > 0);
  if (relevant.length === 0) return [];
  if (w.storageKey === 'pods' && !w.old) {
    for (const q of relevant) {
      const err = podConstraints(w.next as Pod, matchingResources('pods', hardOf(q).keys()));
      if (err) throw forbidden(w, `failed quota: ${q.metadata?.name}: ${err}`);
    }
  }
  // the change this write makes: its usage less the old version's, never negative, zeros dropped
  const delta: Usage = new Map();
  const before = w.old ? usageOf(w.storageKey, w.old, w.nowMs) : new Map<string, Qty>();
  for (const [k, v] of usageOf(w.storageKey, w.next, w.nowMs)) {
    const d = before.has(k) ? subQty(v, before.get(k)!) : v;
    if (d.milli > 0n) delta.set(k, d);
  }
  if (delta.size === 0) return [];
  const stored = [...w.stored()];
  const updated: ResourceQuota[] = [];
  for (const q of relevant) {
    const hard = hardOf(q);
    const names = matchingResources(w.storageKey, hard.keys());
    const requested = names.filter((n) => delta.has(n));
    if (requested.length === 0) continue;
    const used = quotaUsed(q, w.storageKey, stored, names, w.nowMs);
    const exceeded = requested.filter((n) => cmpQty(addQty(used.get(n) ?? zeroQty(), delta.get(n)!), hard.get(n)!) > 0);
    if (exceeded.length) {
      throw forbidden(w, `exceeded quota: ${q.metadata?.name}, requested: ${pretty(delta, exceeded)}, used: ${pretty(used, exceeded)}, limited: ${pretty(hard, exceeded)}`);
    }
    const next: Record<string, string> = { ...((q.status?.used ?? {}) as Record<string, string>) };
    for (const n of names) next[n] = formatQty(addQty(used.get(n) ?? zeroQty(hard.get(n)!.format), delta.get(n) ?? zeroQty()));
    updated.push({ ...q, status: { hard: { ...(q.spec?.hard ?? {}) }, used: next } });
  }
  return updated;
}
