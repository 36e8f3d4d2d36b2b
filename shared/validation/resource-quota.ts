import type { StatusCause } from '../api/errors';
import { child, forbidden, index, invalid, key, notSupported } from './field-error';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { parseQuantity, QUANTITY_REGEX_MESSAGE } from './quantity';
import { isQualifiedName } from './name-validators';

// Ports of ValidateResourceQuota and ValidateLimitRange (pkg/apis/core/validation), upstream's paths and messages.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
/** The resources a scoped quota may limit (pod resources): helper.IsResourceQuotaScopeValidForResource. */
const POD_RESOURCES = /^(pods|cpu|memory|ephemeral-storage|count\/pods|(requests|limits)\.(cpu|memory|ephemeral-storage)|requests\.hugepages-.*|hugepages-.*)$/;
/** Resources quota counts as whole objects: their quantities must be integers. */
const INTEGER_RESOURCES = /^(pods|services|replicationcontrollers|resourcequotas|secrets|configmaps|persistentvolumeclaims|services\.nodeports|services\.loadbalancers|count\/.*)$/;

function validateQuantities(list: Obj, path: string, integers: boolean): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const [name, q] of Object.entries(list)) {
    const p = key(path, name);
    for (const msg of isQualifiedName(name.replace(/^(requests|limits)\./, '').replace(/^count\//, 'count.'))) errs.push(invalid(p, name, msg));
    const v = parseQuantity(q);
    if (v === null) errs.push(invalid(p, q, QUANTITY_REGEX_MESSAGE));
    else if (v < 0) errs.push(invalid(p, String(q), 'must be greater than or equal to 0'));
    else if (integers && INTEGER_RESOURCES.test(name) && !Number.isInteger(v)) errs.push(invalid(p, String(q), 'must be an integer'));
  }
  return errs;
}

/** ValidateResourceQuota: hard quantities ≥ 0 (whole numbers for object counts), known scopes that fit the resources. */
export function validateResourceQuota(q: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(q['metadata']), true, nameIsDNSSubdomain);
  const spec = obj(q['spec']);
  const hard = obj(spec['hard']);
  errs.push(...validateQuantities(hard, 'spec.hard', true));
  errs.push(...validateQuantities(obj(obj(q['status'])['hard']), 'status.hard', true));
  errs.push(...validateQuantities(obj(obj(q['status'])['used']), 'status.used', true));
  const scopes = Array.isArray(spec['scopes']) ? (spec['scopes'] as unknown[]) : [];
  const selectorScopes = ((obj(spec['scopeSelector'])['matchExpressions'] as Obj[] | undefined) ?? []).map((e) => obj(e)['scopeName']);
  scopes.forEach((s) => {
    if (!SCOPES.includes(s as string)) errs.push(notSupported('spec.scopes', s, SCOPES));
  });
  selectorScopes.forEach((s, i) => {
    if (!SCOPES.includes(s as string)) errs.push(notSupported(child(index('spec.scopeSelector.matchExpressions', i), 'scopeName'), s, SCOPES));
  });
  if (scopes.length + selectorScopes.length > 0) {
    for (const name of Object.keys(hard)) if (!POD_RESOURCES.test(name)) errs.push(invalid('spec.hard', name, 'unsupported scope applied to resource'));
  }
  const has = (s: string) => scopes.includes(s) || selectorScopes.includes(s);
  if (has('Terminating') && has('NotTerminating')) errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
  if (has('BestEffort') && has('NotBestEffort')) errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
  return errs;
}

/** ValidateResourceQuotaUpdate: the object's rules again, and scopes never change. */
export function validateResourceQuotaUpdate(q: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(q['metadata']), obj(old['metadata'])), ...validateResourceQuota(q)];
  const scopes = (o: Obj) => JSON.stringify(obj(o['spec'])['scopes'] ?? []);
  if (scopes(q) !== scopes(old)) errs.push(invalid('spec.scopes', obj(q['spec'])['scopes'], 'field is immutable'));
  return errs;
}

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

/** ValidateLimitRange: a known type per item, and min ≤ defaultRequest ≤ default ≤ max, ratios ≥ 1. */
export function validateLimitRange(lr: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(lr['metadata']), true, nameIsDNSSubdomain);
  const limits = Array.isArray(obj(lr['spec'])['limits']) ? (obj(lr['spec'])['limits'] as unknown[]) : [];
  limits.forEach((raw, i) => {
    const item = obj(raw);
    const p = index('spec.limits', i);
    const type = item['type'];
    if (!LIMIT_TYPES.includes(type as string)) errs.push(notSupported(child(p, 'type'), type, LIMIT_TYPES));
    const [min, max, dflt, dreq, ratio] = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'].map((f) => obj(item[f]));
    for (const [f, l] of [['min', min], ['max', max], ['default', dflt], ['defaultRequest', dreq], ['maxLimitRequestRatio', ratio]] as const) errs.push(...validateQuantities(l!, child(p, f), false));
    if (type === 'Pod') {
      if (Object.keys(dflt!).length) errs.push(forbidden(child(p, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(dreq!).length) errs.push(forbidden(child(p, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
    }
    const q = (l: Obj, k: string) => parseQuantity(l[k]);
    const names = new Set([...Object.keys(min!), ...Object.keys(max!), ...Object.keys(dflt!), ...Object.keys(dreq!)]);
    for (const k of names) {
      const [mn, mx, d, dr] = [q(min!, k), q(max!, k), q(dflt!, k), q(dreq!, k)];
      const s = (l: Obj) => String(l[k]);
      if (mn !== null && mx !== null && mn > mx) errs.push(invalid(key(child(p, 'min'), k), s(min!), `min value ${s(min!)} is greater than max value ${s(max!)}`));
      if (dr !== null && mn !== null && mn > dr) errs.push(invalid(key(child(p, 'defaultRequest'), k), s(dreq!), `min value ${s(min!)} is greater than default request value ${s(dreq!)}`));
      if (dr !== null && mx !== null && dr > mx) errs.push(invalid(key(child(p, 'defaultRequest'), k), s(dreq!), `default request value ${s(dreq!)} is greater than max value ${s(max!)}`));
      if (dr !== null && d !== null && dr > d) errs.push(invalid(key(child(p, 'defaultRequest'), k), s(dreq!), `default request value ${s(dreq!)} is greater than default limit value ${s(dflt!)}`));
      if (d !== null && mn !== null && mn > d) errs.push(invalid(key(child(p, 'default'), k), s(dflt!), `min value ${s(min!)} is greater than default value ${s(dflt!)}`));
      if (d !== null && mx !== null && d > mx) errs.push(invalid(key(child(p, 'default'), k), s(dflt!), `default value ${s(dflt!)} is greater than max value ${s(max!)}`));
    }
    for (const [k, v] of Object.entries(ratio!)) {
      const r = parseQuantity(v);
      if (r !== null && r < 1) errs.push(invalid(key(child(p, 'maxLimitRequestRatio'), k), String(v), `ratio ${String(v)} is less than 1`));
      const [mx, mn] = [q(max!, k), q(min!, k)];
      if (r !== null && mx !== null && mn !== null && mn > 0 && mx / mn < r) errs.push(invalid(key(child(p, 'maxLimitRequestRatio'), k), String(v), `ratio ${String(v)} is greater than max/min = ${(mx / mn).toFixed(6)}`));
    }
  });
  return errs;
}
