// pkg/apis/networking/validation (1.32): ValidateNetworkPolicy / ValidateNetworkPolicyUpdate.
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { StatusCause } from '../api/errors';
import { cidrContains, parseCidr } from '../nodes/ipv4';
import { child, forbidden, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { isValidPortName, isValidPortNum } from './name-validators';
import { nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

/** netutils.ParseCIDRSloppy: IPv4 (leading zeros allowed, the legacy field rule) or IPv6. */
function cidrOk(s: string): boolean {
  if (parseCidr(s.replace(/(^|\.)0+(\d)/g, '$1$2'))) return true;
  const [ip, bits, extra] = s.split('/');
  return extra === undefined && !!ip && ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= 128;
}

/** ValidateIPBlock: cidr required and valid; each except valid and a strict subset of cidr. */
function validateIPBlock(block: Obj, path: FieldPath): StatusCause[] {
  const cidr = typeof block['cidr'] === 'string' ? block['cidr'] : '';
  if (!cidr) return [required(child(path, 'cidr'), '')];
  if (!cidrOk(cidr)) return [invalid(child(path, 'cidr'), cidr, CIDR_MESSAGE)];
  const errs: StatusCause[] = [];
  const outer = parseCidr(cidr.replace(/(^|\.)0+(\d)/g, '$1$2'));
  list(block['except']).forEach((e, i) => {
    const p = index(child(path, 'except'), i);
    const s = typeof e === 'string' ? e : '';
    if (!cidrOk(s)) {
      errs.push(invalid(p, s, CIDR_MESSAGE));
      return;
    }
    const inner = parseCidr(s.replace(/(^|\.)0+(\d)/g, '$1$2'));
    // an IPv4 except of an IPv6 cidr (or the reverse) is never inside it; IPv6 pairs are not checked further
    const outside = outer && inner ? !cidrContains(outer, inner.base) || outer.prefix >= inner.prefix : !outer !== !inner;
    if (outside) errs.push(invalid(p, s, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

/** ValidateNetworkPolicyPeer: exactly one kind of peer, or pod and namespace selectors together, never ipBlock with another. */
function validatePeer(peer: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  let n = 0;
  for (const sel of ['podSelector', 'namespaceSelector'] as const) {
    if (peer[sel] === undefined || peer[sel] === null) continue;
    n++;
    errs.push(...validateLabelSelector(obj(peer[sel]) as LabelSelector, child(path, sel)));
  }
  if (peer['ipBlock'] !== undefined && peer['ipBlock'] !== null) {
    n++;
    errs.push(...validateIPBlock(obj(peer['ipBlock']), child(path, 'ipBlock')));
  }
  if (n === 0) errs.push(required(path, 'must specify a peer'));
  else if (n > 1 && peer['ipBlock'] != null) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

/** ValidateNetworkPolicyPort: protocol, a port number (and endPort ≥ port) or a port name (no endPort). */
function validatePort(port: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const protocol = port['protocol'];
  if (protocol !== undefined && protocol !== null && !PROTOCOLS.includes(String(protocol))) errs.push(notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
  const p = port['port'];
  const endPort = port['endPort'];
  const hasEnd = endPort !== undefined && endPort !== null;
  if (p === undefined || p === null) {
    if (hasEnd) errs.push(invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof p === 'number') {
    for (const msg of isValidPortNum(p)) errs.push(invalid(child(path, 'port'), p, msg));
    if (hasEnd) {
      if (Number(endPort) < p) errs.push(invalid(child(path, 'endPort'), p, 'must be greater than or equal to `port`'));
      for (const msg of isValidPortNum(Number(endPort))) errs.push(invalid(child(path, 'endPort'), endPort, msg));
    }
  } else {
    if (hasEnd) errs.push(invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    for (const msg of isValidPortName(String(p))) errs.push(invalid(child(path, 'port'), p, msg));
  }
  return errs;
}

/** ValidateNetworkPolicySpec: the pod selector, every rule's ports and peers, and the policy types. */
function validateSpec(spec: Obj, path: FieldPath): StatusCause[] {
  const errs = validateLabelSelector(obj(spec['podSelector']) as LabelSelector, child(path, 'podSelector'));
  for (const [dir, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    list(spec[dir]).forEach((r, i) => {
      const rule = obj(r);
      const rp = index(child(path, dir), i);
      list(rule['ports']).forEach((port, j) => errs.push(...validatePort(obj(port), index(child(rp, 'ports'), j))));
      list(rule[peers]).forEach((peer, j) => errs.push(...validatePeer(obj(peer), index(child(rp, peers), j))));
    });
  }
  const types = list(spec['policyTypes']);
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalid(child(path, 'policyTypes'), types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(String(t))) errs.push(notSupported(index(child(path, 'policyTypes'), i), t, POLICY_TYPES));
  });
  return errs;
}

/** ValidateNetworkPolicy on create: metadata (DNS subdomain name) and spec. */
export function validateNetworkPolicy(np: Obj): StatusCause[] {
  return [...validateObjectMeta(obj(np['metadata']), true, nameIsDNSSubdomain), ...validateSpec(obj(np['spec']), 'spec')];
}

/** ValidateNetworkPolicyUpdate: metadata update rules, then the new spec as on create. */
export function validateNetworkPolicyUpdate(np: Obj, old: Obj): StatusCause[] {
  return [...validateObjectMetaUpdate(obj(np['metadata']), obj(old['metadata'])), ...validateSpec(obj(np['spec']), 'spec')];
}
