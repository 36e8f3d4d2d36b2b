import type { StatusCause } from '../api/errors';
import { child, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { INVALID_IP_MESSAGE, isValidIP, nonSpecialIPErrors } from './ip';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum } from './name-validators';
import { nameIsDNSSubdomain, validateObjectMeta } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateAddress(raw: unknown, path: FieldPath): StatusCause[] {
  const a = obj(raw);
  const ip = str(a['ip']);
  const errs: StatusCause[] = [];
  if (!isValidIP(ip)) errs.push(invalid(child(path, 'ip'), ip, INVALID_IP_MESSAGE));
  const hostname = str(a['hostname']);
  if (hostname) for (const msg of isDNS1123Label(hostname)) errs.push(invalid(child(path, 'hostname'), hostname, msg));
  const nodeName = a['nodeName'];
  if (typeof nodeName === 'string') for (const msg of isDNS1123Subdomain(nodeName)) errs.push(invalid(child(path, 'nodeName'), nodeName, msg));
  if (isValidIP(ip)) for (const msg of nonSpecialIPErrors(ip)) errs.push(invalid(child(path, 'ip'), ip, msg));
  return errs;
}

function validatePort(raw: unknown, requireName: boolean, path: FieldPath): StatusCause[] {
  const p = obj(raw);
  const errs: StatusCause[] = [];
  const name = str(p['name']);
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) for (const msg of isDNS1123Label(name)) errs.push(invalid(child(path, 'name'), name, msg));
  const port = typeof p['port'] === 'number' ? p['port'] : 0;
  for (const msg of isValidPortNum(port)) errs.push(invalid(child(path, 'port'), port, msg));
  const protocol = str(p['protocol']);
  if (!protocol) errs.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
  return errs;
}

/** ValidateEndpoints (core/validation): every subset has addresses, each a routable IP; ports in range and named when several. */
export function validateEndpoints(ep: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(ep['metadata']), true, nameIsDNSSubdomain);
  list(ep['subsets']).forEach((raw, i) => {
    const ss = obj(raw);
    const p = index('subsets', i);
    const addresses = list(ss['addresses']);
    const notReady = list(ss['notReadyAddresses']);
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errs.push(...validateAddress(a, index(child(p, 'addresses'), j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, index(child(p, 'notReadyAddresses'), j))));
    const ports = list(ss['ports']);
    ports.forEach((port, j) => errs.push(...validatePort(port, ports.length > 1, index(child(p, 'ports'), j))));
  });
  return errs;
}
