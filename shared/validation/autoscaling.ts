import type { StatusCause } from '../api/errors';
import { child, forbidden, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { isDNS1123Label, isValidPathSegmentName } from './name-validators';
import { nameIsDNSSubdomain, validateObjectMeta } from './object-meta';

// pkg/apis/autoscaling/validation/validation.go (1.32), on the autoscaling/v2 shape the HPA is stored in.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const present = (v: unknown): boolean => v !== undefined && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** MaxPeriodSeconds and MaxStabilizationWindowSeconds. */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
/** The source field of each metric type, in the order upstream checks which are present. */
const SOURCES = [
  ['Object', 'object'],
  ['External', 'external'],
  ['Pods', 'pods'],
  ['Resource', 'resource'],
  ['ContainerResource', 'containerResource'],
] as const;
/** Standard container resources (corevalidation.ValidateContainerResourceName). */
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** A Quantity as upstream's resource.ParseQuantity holds it, or undefined when it does not parse. */
function parseGoQuantity(q: unknown): { value: bigint; scale: number; format: string; s: string } | undefined {
  const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : undefined;
  const m = text === undefined ? null : /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return undefined;
  const negative = m[1] === '-';
  const num = m[2] || '0';
  const denom = m[3] ?? '';
  const exponent = m[4] ? Number(m[4].slice(1)) : m[5] && m[5] in BINARY_EXPONENTS ? BINARY_EXPONENTS[m[5]]! : DECIMAL_EXPONENTS[m[5] ?? '']!;
  const binary = Boolean(m[5] && m[5] in BINARY_EXPONENTS);
  const format = binary ? 'BinarySI' : m[4] ? 'DecimalExponent' : 'DecimalSI';
  const shifted = num + denom;
  let value = BigInt(shifted);
  let scale = binary ? 0 : exponent - denom.length;
  if (binary) value = (value << BigInt(exponent)) / 10n ** BigInt(denom.length);
  if (negative) value = -value;
  // ParseQuantity keeps the text only when it is already canonical
  const canonical = binary ? exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n && !denom : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  if (binary && denom) scale = 0;
  return { value, scale, format, s: canonical ? text! : '' };
}

/** A Quantity as field.Error prints it (%#v of the dereferenced resource.Quantity). */
function goQuantity(q: { value: bigint; scale: number; format: string; s: string }): string {
  return `resource.Quantity{i:resource.int64Amount{value:${q.value}, scale:${q.scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(q.s)}, Format:${JSON.stringify(q.format)}}`;
}

/** field.Invalid with a value printed verbatim (for the Go-syntax quantity). */
function invalidRaw(field: FieldPath, rendered: string, detail: string): StatusCause {
  return { ...invalid(field, '', detail), message: `Invalid value: ${rendered}: ${detail}` };
}

/** ValidateCrossVersionObjectReference. */
function validateCrossVersionObjectReference(ref: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f)));
    else for (const msg of isValidPathSegmentName(v)) errs.push(invalid(child(path, f), v, msg));
  }
  return errs;
}

/** validateMetricTarget. */
function validateMetricTarget(t: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const type = str(t['type']);
  if (!type) errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    errs.push(invalid(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'));
  }
  for (const f of ['value', 'averageValue'] as const) {
    if (!present(t[f])) continue;
    const q = parseGoQuantity(t[f]);
    if (q && q.value <= 0n) errs.push(invalidRaw(child(path, f), goQuantity(q), 'must be positive'));
  }
  const util = t['averageUtilization'];
  if (typeof util === 'number' && util < 1) errs.push(invalid(child(path, 'averageUtilization'), util, 'must be greater than 0'));
  return errs;
}

/** validateMetricIdentifier. */
function validateMetricIdentifier(id: Obj, path: FieldPath): StatusCause[] {
  const name = str(id['name']);
  if (!name) return [required(child(path, 'name'), 'must specify a metric name')];
  return isValidPathSegmentName(name).map((msg) => invalid(child(path, 'name'), name, msg));
}

function validateSource(kind: string, src: Obj, path: FieldPath): StatusCause[] {
  const target = obj(src['target']);
  const tPath = child(path, 'target');
  const errs: StatusCause[] = [];
  const has = (f: string) => present(target[f]);
  switch (kind) {
    case 'Object':
      errs.push(...validateCrossVersionObjectReference(obj(src['describedObject']), child(path, 'describedObject')));
      errs.push(...validateMetricIdentifier(obj(src['metric']), child(path, 'metric')), ...validateMetricTarget(target, tPath));
      if (!has('value') && !has('averageValue')) errs.push(required(child(tPath, 'averageValue'), 'must set either a target value or averageValue'));
      break;
    case 'External':
      errs.push(...validateMetricIdentifier(obj(src['metric']), child(path, 'metric')), ...validateMetricTarget(target, tPath));
      if (!has('value') && !has('averageValue')) errs.push(required(child(tPath, 'averageValue'), 'must set either a target value for metric or a per-pod target'));
      if (has('value') && has('averageValue')) errs.push(forbidden(child(tPath, 'value'), 'may not set both a target value for metric and a per-pod target'));
      break;
    case 'Pods':
      errs.push(...validateMetricIdentifier(obj(src['metric']), child(path, 'metric')), ...validateMetricTarget(target, tPath));
      if (!has('averageValue')) errs.push(required(child(tPath, 'averageValue'), 'must specify a positive target averageValue'));
      break;
    case 'Resource':
    case 'ContainerResource': {
      const name = str(src['name']);
      if (!name) errs.push(required(child(path, 'name'), 'must specify a resource name'));
      else if (kind === 'ContainerResource' && !name.includes('/') && !CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
        errs.push(invalid(child(path, 'name'), name, 'must be a standard resource for containers'));
      }
      if (kind === 'ContainerResource') {
        const container = str(src['container']);
        if (!container) errs.push(required(child(path, 'container'), 'must specify a container'));
        else errs.push(...isDNS1123Label(container).map((msg) => invalid(child(path, 'container'), container, msg)));
      }
      errs.push(...validateMetricTarget(target, tPath));
      if (!has('averageUtilization') && !has('averageValue')) {
        errs.push(required(child(tPath, 'averageUtilization'), 'must set either a target raw value or a target utilization'));
      }
      if (has('averageUtilization') && has('averageValue')) {
        errs.push(forbidden(child(tPath, 'averageValue'), 'may not set both a target raw value and a target utilization'));
      }
      break;
    }
  }
  return errs;
}

/** validateMetricSpec: the type, the one source it names, and that source's fields. */
function validateMetricSpec(spec: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const type = str(spec['type']);
  if (!type) errs.push(required(child(path, 'type'), 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(child(path, 'type'), type, METRIC_SOURCE_TYPES));
  const presentFields: string[] = [];
  for (const [kind, field] of SOURCES) {
    if (!present(spec[field])) continue;
    presentFields.push(field);
    // only the first source present is validated, as upstream's set of present types does
    if (presentFields.length === 1) errs.push(...validateSource(kind, obj(spec[field]), child(path, field)));
  }
  const expected = SOURCES.find(([kind]) => kind === type)?.[1];
  if (expected) {
    if (!present(spec[expected])) errs.push(required(child(path, expected), 'must populate information for the given metric source'));
  } else {
    errs.push(notSupported(child(path, 'type'), type, METRIC_SOURCE_TYPES));
  }
  if (presentFields.length !== 1) {
    // Go ranges over a set: its order is not fixed; sorted here so the answer is stable
    for (const f of presentFields.filter((f) => f !== expected).sort()) errs.push(forbidden(child(path, f), 'must populate the given metric source only'));
  }
  return errs;
}

/** validateScalingRules (scaleUp / scaleDown). */
function validateScalingRules(rules: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const window = rules['stabilizationWindowSeconds'];
  if (typeof window === 'number' && window < 0) errs.push(invalid(child(path, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero'));
  if (typeof window === 'number' && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(invalid(child(path, 'stabilizationWindowSeconds'), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  const select = rules['selectPolicy'];
  if (present(select) && !SELECT_POLICIES.includes(str(select))) errs.push(notSupported(child(path, 'selectPolicy'), select, SELECT_POLICIES));
  const policies = Array.isArray(rules['policies']) ? (rules['policies'] as unknown[]) : [];
  const pPath = child(path, 'policies');
  if (policies.length === 0) errs.push(required(pPath, 'must specify at least one Policy'));
  policies.forEach((raw, i) => {
    const p = obj(raw);
    const at = index(pPath, i);
    const type = str(p['type']);
    if (type !== 'Pods' && type !== 'Percent') errs.push(notSupported(child(at, 'type'), type, POLICY_TYPES));
    const value = typeof p['value'] === 'number' ? p['value'] : 0;
    if (value <= 0) errs.push(invalid(child(at, 'value'), value, 'must be greater than zero'));
    const period = typeof p['periodSeconds'] === 'number' ? p['periodSeconds'] : 0;
    if (period <= 0) errs.push(invalid(child(at, 'periodSeconds'), period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) errs.push(invalid(child(at, 'periodSeconds'), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

/**
 * ValidateHorizontalPodAutoscaler (autoscaling/v2, after defaulting): metadata, replica bounds
 * (HPAScaleToZero is off in 1.32, so minReplicas ≥ 1), scaleTargetRef, every metric and the
 * behavior, with upstream's field paths and messages.
 * @example validateHorizontalPodAutoscaler({ metadata: { name: 'web' }, spec: { maxReplicas: 0, … } }) // [spec.maxReplicas: Invalid value: 0: must be greater than 0]
 */
export function validateHorizontalPodAutoscaler(hpa: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(hpa['metadata']), true, nameIsDNSSubdomain);
  const spec = obj(hpa['spec']);
  const min = spec['minReplicas'];
  const max = typeof spec['maxReplicas'] === 'number' ? spec['maxReplicas'] : 0;
  if (typeof min === 'number' && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionObjectReference(obj(spec['scaleTargetRef']), 'spec.scaleTargetRef'));
  const metrics = Array.isArray(spec['metrics']) ? (spec['metrics'] as unknown[]) : [];
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(obj(m), index('spec.metrics', i))));
  const behavior = spec['behavior'];
  if (present(behavior)) {
    for (const dir of ['scaleUp', 'scaleDown'] as const) {
      const rules = obj(behavior)[dir];
      if (present(rules)) errs.push(...validateScalingRules(obj(rules), child('spec.behavior', dir)));
    }
  }
  return errs;
}
