// pkg/apis/discovery/validation (1.32): ValidateEndpointSliceCreate / ValidateEndpointSliceUpdate.
import type { StatusCause } from '../api/errors';
import { parseIPv4 } from '../nodes/ipv4';
import { child, duplicate, immutable, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { isValidIP, nonSpecialIPErrors } from './ip';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-validators';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ZONE_HINTS = 8;
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const FQDN = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** field.TooMany */
function tooMany(field: FieldPath, actual: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', message: `Too many: ${actual}: must have at most ${max} items`, field };
}

function validateAddress(address: string, type: string, path: FieldPath): StatusCause[] {
  if (type === 'IPv4' || type === 'IPv6') {
    const ok = isValidIP(address) && (parseIPv4(address) !== undefined) === (type === 'IPv4');
    if (!ok) return [invalid(path, address, `must be a valid ${type} address`)];
    return nonSpecialIPErrors(address).map((m) => invalid(path, address, m));
  }
  // IsFullyQualifiedDomainName; unknown types fall through unchecked, as upstream
  if (type === 'FQDN' && (!FQDN.test(address) || address.length > 253)) return [invalid(path, address, 'should be a domain with at least two segments separated by dots')];
  return [];
}

function validateEndpoints(endpoints: unknown[], type: string): StatusCause[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  const errs: StatusCause[] = [];
  endpoints.forEach((raw, i) => {
    const e = obj(raw);
    const p = index('endpoints', i);
    const addresses = list(e['addresses']);
    const addressPath = child(p, 'addresses');
    if (addresses.length === 0) errs.push(required(addressPath, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(addressPath, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => errs.push(...validateAddress(str(a), type, index(addressPath, j))));
    if (typeof e['nodeName'] === 'string') for (const m of isDNS1123Subdomain(e['nodeName'])) errs.push(invalid(child(p, 'nodeName'), e['nodeName'], m));
    if (typeof e['hostname'] === 'string') for (const m of isDNS1123Label(e['hostname'])) errs.push(invalid(child(p, 'hostname'), e['hostname'], m));
    const zones = list(obj(e['hints'])['forZones']);
    if (zones.length > MAX_ZONE_HINTS) errs.push(tooMany(child(p, 'hints', 'forZones'), zones.length, MAX_ZONE_HINTS));
    else {
      const seen = new Set<string>();
      zones.forEach((z, j) => {
        const name = str(obj(z)['name']);
        const zp = child(index(child(p, 'hints', 'forZones'), j), 'name');
        if (seen.has(name)) errs.push(duplicate(zp, name));
        seen.add(name);
        for (const m of isValidLabelValue(name)) errs.push(invalid(zp, name, m));
      });
    }
  });
  return errs;
}

function validatePorts(ports: unknown[]): StatusCause[] {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: StatusCause[] = [];
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const port = obj(raw);
    const p = index('ports', i);
    const name = str(port['name']);
    if (name) for (const m of isDNS1123Label(name)) errs.push(invalid(child(p, 'name'), name, m));
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    names.add(name);
    const protocol = port['protocol'];
    if (protocol === undefined || protocol === null) errs.push(required(child(p, 'protocol')));
    else if (!PROTOCOLS.includes(str(protocol))) errs.push(notSupported(child(p, 'protocol'), protocol, PROTOCOLS));
    if (typeof port['appProtocol'] === 'string') for (const m of isQualifiedName(port['appProtocol'])) errs.push(invalid(child(p, 'appProtocol'), port['appProtocol'], m));
  });
  return errs;
}

function validateEndpointSlice(slice: Obj): StatusCause[] {
  return [...validateEndpoints(list(slice['endpoints']), str(slice['addressType'])), ...validatePorts(list(slice['ports']))];
}

/** ValidateEndpointSliceCreate: metadata, endpoints, ports, and an address type of IPv4, IPv6 or FQDN (not the legacy IP). */
export function validateEndpointSliceCreate(slice: Obj): StatusCause[] {
  const errs = [...validateObjectMeta(obj(slice['metadata']), true, nameIsDNSSubdomain), ...validateEndpointSlice(slice)];
  const type = slice['addressType'];
  if (!type) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(str(type))) errs.push(notSupported('addressType', type, ADDRESS_TYPES));
  return errs;
}

/** ValidateEndpointSliceUpdate: as create, but addressType is immutable (legacy IP slices stay updatable). */
export function validateEndpointSliceUpdate(slice: Obj, old: Obj): StatusCause[] {
  return [
    ...validateObjectMetaUpdate(obj(slice['metadata']), obj(old['metadata'])),
    ...validateEndpointSlice(slice),
    ...immutable(slice['addressType'], old['addressType'], 'addressType'),
  ];
}
