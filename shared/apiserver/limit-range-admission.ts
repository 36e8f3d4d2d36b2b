import type { Container, LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { ApiError, invalid } from '../api/errors';
import type { ResourceDef } from '../api/registry';
import { validateCreate } from '../validation';
import type { Admitted } from './admission';
import type { KubeObject } from '../api/object';
import { cmpQty, formatQty, parseQty, type Qty } from './quota-quantity';

/** The annotation LimitRanger leaves on a pod it gave defaults. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type List = Record<string, string>;
const list = (l: unknown): List => (l && typeof l === 'object' ? (l as List) : {});
const str = (q: string): string => (parseQty(q) ? formatQty(parseQty(q)!) : q);
const sortedEntries = (l: unknown) => Object.entries(list(l)).sort(([a], [b]) => a.localeCompare(b));

/** defaultContainerResourceRequirements: the Container items' default (limits) and defaultRequest (requests). */
function containerDefaults(ranges: readonly LimitRange[]): { requests: List; limits: List }[] {
  return ranges.map((r) => {
    const out = { requests: {} as List, limits: {} as List };
    for (const item of r.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      Object.assign(out.requests, list(item.defaultRequest));
      Object.assign(out.limits, list(item.default));
    }
    return out;
  });
}

/** mergeContainerResources: missing limits and requests from the defaults, and what was set, for the annotation. */
function mergeContainer(c: Container, d: { requests: List; limits: List }, type: string, notes: string[]): Container {
  const limits = { ...list(c.resources?.limits) };
  const requests = { ...list(c.resources?.requests) };
  const setLimits = Object.keys(d.limits).filter((k) => !(k in limits));
  const setRequests = Object.keys(d.requests).filter((k) => !(k in requests));
  if (setLimits.length === 0 && setRequests.length === 0) return c;
  for (const k of setLimits) limits[k] = d.limits[k]!;
  for (const k of setRequests) requests[k] = d.requests[k]!;
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${type} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${type} ${c.name}`);
  const resources = { ...c.resources, ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(requests).length ? { requests } : {}) };
  return { ...c, resources };
}

/** PodMutateLimitFunc for every LimitRange: containers get the missing defaults, the pod the annotation saying which. */
export function applyLimitRangeDefaults(pod: Pod, ranges: readonly LimitRange[]): Pod {
  let out = pod;
  for (const d of containerDefaults(ranges)) {
    if (Object.keys(d.requests).length === 0 && Object.keys(d.limits).length === 0) continue;
    const notes: string[] = [];
    const containers = (out.spec?.containers ?? []).map((c) => mergeContainer(c, d, 'container', notes));
    const initContainers = out.spec?.initContainers?.map((c) => mergeContainer(c, d, 'init container', notes));
    if (notes.length === 0) continue;
    const annotations = { ...out.metadata?.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
    out = { ...out, metadata: { ...out.metadata, annotations }, spec: { ...out.spec!, containers, ...(initContainers ? { initContainers } : {}) } };
  }
  return out;
}

/** requestLimitEnforcedValues compares at milli precision; undefined marks an absent value. */
function minConstraint(type: string, r: string, enforced: string, req: List, lim: List): string | undefined {
  const e = parseQty(enforced)!;
  if (!(r in req)) return `minimum ${r} usage per ${type} is ${str(enforced)}.  No request is specified.`;
  if (cmpQty(parseQty(req[r]) ?? e, e) < 0) return `minimum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(req[r]!)}.`;
  if (r in lim && cmpQty(parseQty(lim[r]) ?? e, e) < 0) return `minimum ${r} usage per ${type} is ${str(enforced)}, but limit is ${str(lim[r]!)}.`;
  return undefined;
}

function maxConstraint(type: string, r: string, enforced: string, req: List, lim: List): string | undefined {
  const e = parseQty(enforced)!;
  if (!(r in lim)) return `maximum ${r} usage per ${type} is ${str(enforced)}.  No limit is specified.`;
  if (cmpQty(parseQty(lim[r]) ?? e, e) > 0) return `maximum ${r} usage per ${type} is ${str(enforced)}, but limit is ${str(lim[r]!)}.`;
  if (r in req && cmpQty(parseQty(req[r]) ?? e, e) > 0) return `maximum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(req[r]!)}.`;
  return undefined;
}

function maxRequestConstraint(type: string, r: string, enforced: string, req: List): string | undefined {
  const e = parseQty(enforced)!;
  if (!(r in req)) return `maximum ${r} usage per ${type} is ${str(enforced)}.  No request is specified.`;
  if (cmpQty(parseQty(req[r]) ?? e, e) > 0) return `maximum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(req[r]!)}.`;
  return undefined;
}

function ratioConstraint(type: string, r: string, enforced: string, req: List, lim: List): string | undefined {
  const reqQ = parseQty(req[r]);
  const limQ = parseQty(lim[r]);
  if (!reqQ || reqQ.milli === 0n) return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0.`;
  if (!limQ || limQ.milli === 0n) return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0.`;
  const ratio = Number(limQ.milli) / Number(reqQ.milli);
  // Go prints %f: six decimals
  if (ratio * 1000 > Number(parseQty(enforced)!.milli)) return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${ratio.toFixed(6)}.`;
  return undefined;
}

/** limit.Min, Max and MaxLimitRequestRatio checked against one set of requests and limits. */
function checkItem(item: LimitRangeItem, type: string, req: List, lim: List): string[] {
  const errs: (string | undefined)[] = [];
  for (const [r, v] of sortedEntries(item.min)) errs.push(minConstraint(type, r, v, req, lim));
  for (const [r, v] of sortedEntries(item.max)) errs.push(maxConstraint(type, r, v, req, lim));
  for (const [r, v] of sortedEntries(item.maxLimitRequestRatio)) errs.push(ratioConstraint(type, r, v, req, lim));
  return errs.filter((e): e is string => e !== undefined);
}

/** The pod's requests or limits as the Pod item sees them: the containers' sum, at least any init container's. */
function podTotals(pod: Pod, field: 'requests' | 'limits'): List {
  const sums = new Map<string, Qty>();
  const containers = pod.spec?.containers ?? [];
  // sum(): a name missing from any container is left out
  const names = new Set(containers.flatMap((c) => Object.keys(list(c.resources?.[field]))));
  for (const n of names) {
    if (!containers.every((c) => n in list(c.resources?.[field]))) continue;
    let total = 0n;
    for (const c of containers) total += parseQty(list(c.resources?.[field])[n])?.milli ?? 0n;
    sums.set(n, { milli: total, format: 'DecimalSI' });
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries(list(c.resources?.[field]))) {
      const q = parseQty(v);
      if (q && (!sums.has(k) || cmpQty(q, sums.get(k)!) > 0)) sums.set(k, q);
    }
  }
  return Object.fromEntries([...sums].map(([k, q]) => [k, formatQty(q)]));
}

/** PodValidateLimitFunc: Container items per container (init containers too), Pod items on the pod's totals. */
export function podLimitErrors(pod: Pod, ranges: readonly LimitRange[]): string[] {
  const errs: string[] = [];
  for (const r of ranges) {
    for (const item of r.spec?.limits ?? []) {
      if (item.type === 'Container') {
        for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) errs.push(...checkItem(item, 'Container', list(c.resources?.requests), list(c.resources?.limits)));
      } else if (item.type === 'Pod') {
        errs.push(...checkItem(item, 'Pod', podTotals(pod, 'requests'), podTotals(pod, 'limits')));
      }
    }
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: a claim's storage request within the PersistentVolumeClaim items' min and max. */
export function claimLimitErrors(claim: PersistentVolumeClaim, ranges: readonly LimitRange[]): string[] {
  const errs: (string | undefined)[] = [];
  const requests = list(claim.spec?.resources?.requests);
  for (const r of ranges) {
    for (const item of r.spec?.limits ?? []) {
      if (item.type !== 'PersistentVolumeClaim') continue;
      for (const [k, v] of sortedEntries(item.min)) errs.push(minConstraint('PersistentVolumeClaim', k, v, requests, {}));
      for (const [k, v] of sortedEntries(item.max)) errs.push(maxRequestConstraint('PersistentVolumeClaim', k, v, requests));
    }
  }
  return errs.filter((e): e is string => e !== undefined);
}

/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger) at create: a pod gets its
 * containers' default requests and limits, then pods and claims are held to every LimitRange's
 * min, max and limit/request ratio. Returns the (mutated) object; throws upstream's 403 with every
 * violation (an aggregate prints as `[a, b]`).
 */
export function admitLimitRanges(storageKey: string, obj: KubeObject, ranges: readonly LimitRange[], name: string): KubeObject {
  if (ranges.length === 0 || (storageKey !== 'pods' && storageKey !== 'persistentvolumeclaims')) return obj;
  let out = obj;
  let errs: string[];
  if (storageKey === 'pods') {
    out = applyLimitRangeDefaults(obj as Pod, ranges) as KubeObject;
    errs = podLimitErrors(out as Pod, ranges);
  } else {
    errs = claimLimitErrors(obj as PersistentVolumeClaim, ranges);
  }
  if (errs.length === 0) return out;
  const message = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
  throw new ApiError(403, 'Forbidden', `${storageKey} "${name}" is forbidden: ${message}`, { name: name || undefined, kind: storageKey });
}

/**
 * LimitRanger as the create pipeline runs it: after the object's own admission (defaults, validation),
 * with the namespace's LimitRanges; defaults it adds are validated again as upstream validates after
 * mutating admission (a default request above a stated limit is 422).
 */
export function limitRangeAdmission(def: ResourceDef, storageKey: string, admitted: Admitted, ranges: readonly LimitRange[], requestName: string): Admitted {
  const object = admitLimitRanges(storageKey, admitted.object, ranges, requestName);
  if (object === admitted.object) return admitted;
  const causes = validateCreate(def.group, def.kind, object);
  if (causes.length) throw invalid(def.kind, def.group, object.metadata?.name ?? '', causes);
  return { ...admitted, object };
}
