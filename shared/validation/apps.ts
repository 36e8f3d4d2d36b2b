import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { StatusCause } from '../api/errors';
import { labelSelectorFromObject, matchesLabels } from '../selectors/label-selector-object';
import { child, forbidden, immutable, invalid, nonNegative, notSupported, required, type FieldPath } from './field-error';
import { isValidPercent } from './name-validators';
import { nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { validatePodTemplateSpec } from './pod';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** ValidatePositiveIntOrPercent: a non-negative int or a `N%` string. */
export function validatePositiveIntOrPercent(v: unknown, path: FieldPath): StatusCause[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return isValidPercent(v).map((msg) => invalid(path, v, msg));
  if (typeof v === 'number') return nonNegative(v, path);
  return [invalid(path, v, "must be an integer or percentage (e.g '5%')")];
}

/** IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: unknown, path: FieldPath): StatusCause[] {
  if (typeof v !== 'string' || !v.endsWith('%')) return [];
  return Number(v.slice(0, -1)) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

// getIntOrPercentValue: the number in 5 or "5%" (a bad string counts as 0 upstream too).
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseInt(v.replace(/%$/, ''), 10) || 0;
  return 0;
}

/** Selector required and non-empty, template labels matching it, template valid with restartPolicy Always. */
function validateSelectorAndTemplate(spec: Obj, kindWord: string, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const sel = spec['selector'] as LabelSelector | undefined;
  const selPath = child(path, 'selector');
  if (!sel) errs.push(required(selPath));
  else {
    errs.push(...validateLabelSelector(sel, selPath));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0)
      // the value is a LabelSelector (Go prints it as such even when empty)
      errs.push(invalid(selPath, { matchLabels: undefined, ...(sel as object) }, `empty selector is invalid for ${kindWord}`));
  }
  const tPath = child(path, 'template');
  const template = obj(spec['template']);
  let reqs = null;
  try {
    reqs = labelSelectorFromObject(sel);
  } catch {
    errs.push(invalid(selPath, sel, 'invalid label selector'));
    return errs;
  }
  const labels = obj(template['metadata'])['labels'] as Record<string, string> | undefined;
  if (reqs && reqs.length > 0 && !matchesLabels(reqs, labels)) {
    errs.push(invalid(child(tPath, 'metadata', 'labels'), labels ?? {}, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, tPath));
  const tspec = obj(template['spec']);
  if (tspec['restartPolicy'] !== undefined && tspec['restartPolicy'] !== 'Always' && tspec['restartPolicy'] !== '')
    errs.push(notSupported(child(tPath, 'spec', 'restartPolicy'), tspec['restartPolicy'], ['Always']));
  const ads = tspec['activeDeadlineSeconds'];
  const adsPath = child(tPath, 'spec', 'activeDeadlineSeconds');
  if (ads !== undefined && ads !== null) {
    if (kindWord === 'daemonset') errs.push(invalid(adsPath, ads, 'activeDeadlineSeconds must be nil for daemons'));
    else errs.push(forbidden(adsPath, `activeDeadlineSeconds in ${kindWord === 'statefulset' ? 'StatefulSet' : 'ReplicaSet'} is not Supported`));
  }
  return errs;
}

function common(spec: Obj, path: FieldPath): StatusCause[] {
  return [
    ...nonNegative(num(spec['minReadySeconds']), child(path, 'minReadySeconds')),
    ...nonNegative(num(spec['revisionHistoryLimit']), child(path, 'revisionHistoryLimit')),
  ];
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: Obj, path = 'spec'): StatusCause[] {
  const errs = [...nonNegative(num(spec['replicas']), child(path, 'replicas')), ...validateSelectorAndTemplate(spec, 'deployment', path)];
  const strategy = obj(spec['strategy']);
  const sPath = child(path, 'strategy');
  const ru = strategy['rollingUpdate'];
  switch (strategy['type']) {
    case 'Recreate':
      if (ru) errs.push(forbidden(child(sPath, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate': {
      const rPath = child(sPath, 'rollingUpdate');
      if (!ru) {
        errs.push(required(rPath, 'this should be defaulted and never be nil'));
        break;
      }
      const r = obj(ru);
      errs.push(...validatePositiveIntOrPercent(r['maxUnavailable'], child(rPath, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(r['maxSurge'], child(rPath, 'maxSurge')));
      if (intOrPercentValue(r['maxUnavailable']) === 0 && intOrPercentValue(r['maxSurge']) === 0)
        errs.push(invalid(child(rPath, 'maxUnavailable'), r['maxUnavailable'] ?? 0, 'may not be 0 when `maxSurge` is 0'));
      errs.push(...isNotMoreThan100Percent(r['maxUnavailable'], child(rPath, 'maxUnavailable')));
      break;
    }
    default:
      errs.push(notSupported(sPath, strategy, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...common(spec, path));
  const pds = num(spec['progressDeadlineSeconds']);
  if (pds !== undefined) {
    errs.push(...nonNegative(pds, child(path, 'progressDeadlineSeconds')));
    if (pds <= (num(spec['minReadySeconds']) ?? 0))
      errs.push(invalid(child(path, 'progressDeadlineSeconds'), pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSetSpec(spec: Obj, path = 'spec'): StatusCause[] {
  return [
    ...nonNegative(num(spec['replicas']), child(path, 'replicas')),
    ...nonNegative(num(spec['minReadySeconds']), child(path, 'minReadySeconds')),
    ...validateSelectorAndTemplate(spec, 'deployment', path),
  ];
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: Obj, path = 'spec'): StatusCause[] {
  const errs: StatusCause[] = [];
  const pmp = spec['podManagementPolicy'];
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(notSupported(child(path, 'podManagementPolicy'), pmp, ['OrderedReady', 'Parallel']));
  const us = obj(spec['updateStrategy']);
  const usPath = child(path, 'updateStrategy');
  if (us['type'] === 'OnDelete') {
    if (us['rollingUpdate']) errs.push(invalid(child(usPath, 'rollingUpdate'), us['rollingUpdate'], "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (us['type'] === 'RollingUpdate') {
    const partition = num(obj(us['rollingUpdate'])['partition']);
    errs.push(...nonNegative(partition, child(usPath, 'rollingUpdate', 'partition')));
  } else if (us['type'] !== undefined) {
    errs.push(invalid(child(usPath, 'type'), us['type'], 'must be \'RollingUpdate\' or \'OnDelete\''));
  }
  errs.push(...nonNegative(num(spec['replicas']), child(path, 'replicas')));
  errs.push(...common(spec, path));
  errs.push(...validateSelectorAndTemplate(spec, 'statefulset', path));
  return errs;
}

/** ValidateDaemonSetSpec. */
export function validateDaemonSetSpec(spec: Obj, path = 'spec'): StatusCause[] {
  const errs = [...validateSelectorAndTemplate(spec, 'daemonset', path), ...common(spec, path)];
  const us = obj(spec['updateStrategy']);
  const usPath = child(path, 'updateStrategy');
  if (us['type'] === 'RollingUpdate') {
    const rPath = child(usPath, 'rollingUpdate');
    if (!us['rollingUpdate']) errs.push(required(rPath));
    else {
      const r = obj(us['rollingUpdate']);
      errs.push(...validatePositiveIntOrPercent(r['maxUnavailable'], child(rPath, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(r['maxSurge'], child(rPath, 'maxSurge')));
      errs.push(...isNotMoreThan100Percent(r['maxUnavailable'], child(rPath, 'maxUnavailable')));
      errs.push(...isNotMoreThan100Percent(r['maxSurge'], child(rPath, 'maxSurge')));
      const hasUnavailable = intOrPercentValue(r['maxUnavailable']) !== 0;
      const hasSurge = intOrPercentValue(r['maxSurge']) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(child(rPath, 'maxSurge'), r['maxSurge'], 'may not be set when maxUnavailable is non-zero'));
      else if (!hasUnavailable && !hasSurge) errs.push(required(child(rPath, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
    }
  } else if (us['type'] !== 'OnDelete' && us['type'] !== undefined) {
    errs.push(notSupported(child(usPath, 'type'), us['type'], ['OnDelete', 'RollingUpdate']));
  }
  return errs;
}

const SPECS: Record<string, (spec: Obj) => StatusCause[]> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  StatefulSet: validateStatefulSetSpec,
  DaemonSet: validateDaemonSetSpec,
};

/** Create validation for apps/v1 workloads. */
export function validateAppsCreate(kind: string, o: Obj): StatusCause[] {
  return [...validateObjectMeta(obj(o['metadata']), true, nameIsDNSSubdomain), ...(SPECS[kind]?.(obj(o['spec'])) ?? [])];
}

/** Update validation for apps/v1 workloads: spec valid, selector immutable, StatefulSet's narrow updatable set. */
export function validateAppsUpdate(kind: string, o: Obj, old: Obj): StatusCause[] {
  const spec = obj(o['spec']);
  const oldSpec = obj(old['spec']);
  const errs = [...validateObjectMetaUpdate(obj(o['metadata']), obj(old['metadata'])), ...(SPECS[kind]?.(spec) ?? [])];
  // StatefulSet's selector falls under its broader "fields other than" rule below.
  if (kind !== 'StatefulSet') errs.push(...immutable(spec['selector'], oldSpec['selector'], 'spec.selector'));
  if (kind === 'StatefulSet') {
    const updatable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
    const rest = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => !updatable.includes(k)));
    if (immutable(rest(spec), rest(oldSpec), 'spec').length)
      errs.push(
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
  }
  return errs;
}
