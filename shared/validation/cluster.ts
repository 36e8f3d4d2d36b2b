import type { StatusCause } from '../api/errors';
import { child, duplicate, index, invalid, nonNegative, notSupported, required } from './field-error';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-validators';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { TAINT_EFFECTS } from './pod';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** ValidateNamespace: a DNS-1123 label name; spec.finalizers standard or fully qualified. */
export function validateNamespace(ns: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(ns['metadata']), false, nameIsDNSLabel);
  list(obj(ns['spec'])['finalizers']).forEach((raw, i) => {
    const f = str(raw);
    const p = index('spec.finalizers', i);
    for (const msg of isQualifiedName(f)) errs.push(invalid(p, f, msg));
    if (!f.includes('/') && !STANDARD_FINALIZERS.includes(f))
      errs.push(invalid(p, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

/** ValidateNode: name, taints (key, value, effect, no duplicates), podCIDRs. */
export function validateNode(node: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(node['metadata']), false, nameIsDNSSubdomain);
  const spec = obj(node['spec']);
  const seen = new Set<string>();
  list(spec['taints']).forEach((raw, i) => {
    const t = obj(raw);
    const p = index('spec.taints', i);
    const k = str(t['key']);
    if (!k) errs.push(required(child(p, 'key')));
    else for (const msg of isQualifiedName(k)) errs.push(invalid(child(p, 'key'), k, msg));
    const v = str(t['value']);
    for (const msg of isValidLabelValue(v)) errs.push(invalid(child(p, 'value'), v, msg));
    const effect = str(t['effect']);
    if (!effect) errs.push(required(child(p, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, TAINT_EFFECTS));
    const id = `${k}:${effect}`;
    if (seen.has(id)) errs.push(duplicate(p, t));
    seen.add(id);
  });
  list(spec['podCIDRs']).forEach((raw, i) => {
    const cidr = str(raw);
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) errs.push(invalid(index('spec.podCIDRs', i), cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
  });
  return errs;
}

/** ValidateLease: leaseDurationSeconds > 0, leaseTransitions ≥ 0. */
export function validateLease(lease: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(lease['metadata']), true, nameIsDNSSubdomain);
  const spec = obj(lease['spec']);
  const d = spec['leaseDurationSeconds'];
  if (typeof d === 'number' && d <= 0) errs.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  const t = spec['leaseTransitions'];
  errs.push(...nonNegative(typeof t === 'number' ? t : undefined, 'spec.leaseTransitions'));
  return errs;
}

/**
 * ValidateEventCreate for core/v1 Events (legacyValidateEvent): the involved object's namespace
 * must match the event's; new-style events (eventTime set) need reportingComponent,
 * reportingInstance, action and reason.
 */
export function validateEvent(ev: Obj): StatusCause[] {
  const meta = obj(ev['metadata']);
  const errs = validateObjectMeta(meta, true, nameIsDNSSubdomain);
  const ns = str(meta['namespace']);
  const involvedNs = str(obj(ev['involvedObject'])['namespace']);
  const nsPath = 'involvedObject.namespace';
  if (!ev['eventTime']) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    } else if (ns !== involvedNs) {
      errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    }
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    const rc = str(ev['reportingComponent']);
    // upstream names the internal field, whichever API the event came through
    if (!rc) errs.push(required('reportingController'));
    for (const msg of isQualifiedName(rc)) errs.push(invalid('reportingController', rc, msg));
    const ri = str(ev['reportingInstance']);
    if (!ri) errs.push(required('reportingInstance'));
    if (ri.length > 128) errs.push(invalid('reportingInstance', '', 'can have at most 128 characters'));
    const action = str(ev['action']);
    if (!action) errs.push(required('action'));
    if (action.length > 128) errs.push(invalid('action', '', 'can have at most 128 characters'));
    const reason = str(ev['reason']);
    if (!reason) errs.push(required('reason'));
    if (reason.length > 128) errs.push(invalid('reason', '', 'can have at most 128 characters'));
    if (str(ev['message']).length > 1024) errs.push(invalid('message', '', 'can have at most 1024 characters'));
  }
  for (const msg of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, msg));
  return errs;
}

/** Generic update: identity metadata immutable, then create validation minus metadata duplicates. */
export function withMetaUpdate(create: (o: Obj) => StatusCause[]): (o: Obj, old: Obj) => StatusCause[] {
  return (o, old) => [
    ...validateObjectMetaUpdate(obj(o['metadata']), obj(old['metadata'])),
    ...create(o).filter((c) => !c.field?.startsWith('metadata.')),
  ];
}
