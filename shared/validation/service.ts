import type { StatusCause } from '../api/errors';
import { child, duplicate, forbidden, index, invalid, notSupported, required } from './field-error';
import { isDNS1035Label, isDNS1123Label, isValidPortName, isValidPortNum } from './name-validators';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate, type NameValidator } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** ValidateServiceName: a DNS-1035 label (must start with a letter). */
export const serviceName: NameValidator = (name, prefix) =>
  isDNS1035Label(prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);

/** The service's cluster IPs, clusterIPs winning and clusterIP standing in when only it is set. */
function clusterIPs(spec: Obj): string[] {
  const ips = list(spec['clusterIPs']).map(str);
  if (ips.length) return ips;
  return spec['clusterIP'] ? [str(spec['clusterIP'])] : [];
}

/** ValidateService (create). */
export function validateService(svc: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(svc['metadata']), true, serviceName);
  const spec = obj(svc['spec']);
  const type = spec['type'];
  const headless = spec['clusterIP'] === 'None';
  if (type !== undefined && !SERVICE_TYPES.includes(type as string)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  const ports = list(spec['ports']);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (type === 'ExternalName') {
    const ext = str(spec['externalName']);
    if (!ext) errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((raw, i) => {
    const p = index('spec.ports', i);
    const sp = obj(raw);
    const name = str(sp['name']);
    if (ports.length > 1 && !name) errs.push(required(child(p, 'name')));
    if (name) {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(child(p, 'name'), name, msg));
      if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      names.add(name);
    }
    const port = sp['port'];
    for (const msg of isValidPortNum(Number(port))) errs.push(invalid(child(p, 'port'), port ?? 0, msg));
    const protocol = sp['protocol'];
    if (protocol === undefined || protocol === '') errs.push(required(child(p, 'protocol')));
    else if (!PROTOCOLS.includes(protocol as string)) errs.push(notSupported(child(p, 'protocol'), protocol, PROTOCOLS));
    const target = sp['targetPort'];
    if (typeof target === 'number') {
      if (target !== 0) for (const msg of isValidPortNum(target)) errs.push(invalid(child(p, 'targetPort'), target, msg));
    } else if (typeof target === 'string' && target !== '') {
      for (const msg of isValidPortName(target)) errs.push(invalid(child(p, 'targetPort'), target, msg));
    }
    const nodePort = sp['nodePort'];
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === 'ClusterIP' || type === undefined) errs.push(forbidden(child(p, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      else for (const msg of isValidPortNum(Number(nodePort))) errs.push(invalid(child(p, 'nodePort'), nodePort, msg));
    }
    const k = `${String(protocol)}/${String(port)}`;
    if (keys.has(k)) errs.push(duplicate(p, { port, protocol }));
    keys.add(k);
  });
  const affinity = spec['sessionAffinity'];
  if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP')
    errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  errs.push(...validateLabels(spec['selector'] as Record<string, string> | undefined, 'spec.selector'));
  return errs;
}

/** ValidateServiceUpdate: the primary cluster IP may not change once set (except to/from ExternalName). */
export function validateServiceUpdate(svc: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(svc['metadata']), obj(old['metadata'])), ...validateService(svc).filter((c) => !c.field?.startsWith('metadata.'))];
  const spec = obj(svc['spec']);
  const oldSpec = obj(old['spec']);
  if (spec['type'] === 'ExternalName' || oldSpec['type'] === 'ExternalName') return errs;
  const next = clusterIPs(spec);
  const prev = clusterIPs(oldSpec);
  // The registry copies the allocated IPs into an update that omits them, so empty means "keep".
  if (next.length === 0 || prev.length === 0) return errs;
  if (prev[0] === 'None' && next[0] === 'None') return errs;
  prev.forEach((ip, i) => {
    if (i < next.length && ip !== next[i]) errs.push(invalid(index('spec.clusterIPs', i), next, 'may not change once set'));
  });
  return errs;
}
