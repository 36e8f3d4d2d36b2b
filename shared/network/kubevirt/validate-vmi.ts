// virt-api's VMI admission for the pod network (pkg/network/admitter: validator.go, netsource.go, netiface.go,
// binding.go) and the CRD schema's required spec.domain. KubeVirt's causes carry their own messages, with the
// field path in the message where KubeVirt puts it there.
import type { StatusCause } from '../../api/errors';
import { CauseType } from '../../api/errors';
import { isPlainObject } from '../../api/object';
import { stableStringify } from '../../apiserver/object-meta';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta';
import { isValidPortName } from '../../validation/name-validators';
import { MASQUERADE_BRIDGE_MAC } from './vmi-pod-network';
import type { VmiInterface, VmiNetwork } from './vmi-types';

type Obj = Record<string, unknown>;

const INTERFACE_NAME = /^[A-Za-z0-9-_]+$/;
const MODELS = new Set(['e1000', 'e1000e', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio']);
const PCI_ADDRESS = /^([\da-fA-F]{4}):([\da-fA-F]{2}):([\da-fA-F]{2})\.([0-7])$/;

/** net.ParseMAC: IEEE 802 MAC-48, EUI-64 or 20-octet InfiniBand, colon/hyphen pairs or dotted quads; octet count or undefined. */
export function parseMacOctets(mac: string): number | undefined {
  const sep = mac.match(/^[0-9a-fA-F]{2}([:-])/)?.[1];
  if (sep) {
    const parts = mac.split(sep);
    return [6, 8, 20].includes(parts.length) && parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p)) ? parts.length : undefined;
  }
  const dotted = mac.split('.');
  return [3, 4, 10].includes(dotted.length) && dotted.every((p) => /^[0-9a-fA-F]{4}$/.test(p)) ? dotted.length * 2 : undefined;
}

const cause = (reason: string, message: string, field: string): StatusCause => ({ reason, message, field });

function networkCauses(networks: VmiNetwork[]): StatusCause[] {
  const out: StatusCause[] = [];
  // validateSinglePodNetwork
  if (networks.filter((n) => n.pod).length > 1) out.push(cause(CauseType.Duplicate, 'more than one interface is connected to a pod network in spec.interfaces', 'spec.interfaces'));
  const multusDefault = networks.filter((n) => n.multus?.default).length;
  if (multusDefault > 1) out.push(cause(CauseType.Invalid, 'Multus CNI should only have one default network', 'spec.networks'));
  if (multusDefault > 0 && networks.some((n) => n.pod)) out.push(cause(CauseType.Invalid, 'Pod network cannot be defined when Multus default network is defined', 'spec.networks'));
  // validateSingleNetworkSource
  networks.forEach((n, i) => {
    if (!n.pod && !n.multus) out.push(cause(CauseType.Required, 'should have a network type', `spec.networks[${i}]`));
    else if (n.pod && n.multus) out.push(cause(CauseType.Required, 'should have only one network type', `spec.networks[${i}]`));
  });
  // validateMultusNetworkSource: the first only
  const i = networks.findIndex((n) => n.multus && !n.multus.networkName);
  if (i >= 0) out.push(cause(CauseType.Required, 'CNI delegating plugin must have a networkName', `spec.networks[${i}]`));
  return out;
}

function portCauses(ifacePath: string, iface: VmiInterface): StatusCause[] {
  const out: StatusCause[] = [];
  const seen = new Set<string>();
  (iface.ports ?? []).forEach((p, j) => {
    if (!p.name) return;
    if (seen.has(p.name)) out.push(cause(CauseType.Duplicate, `Duplicate name of the port: ${p.name}`, `${ifacePath}.ports[${j}].name`));
    if (isValidPortName(p.name).length) out.push(cause(CauseType.Invalid, `Invalid name of the port: ${p.name}`, `${ifacePath}.ports[${j}].name`));
    seen.add(p.name);
  });
  (iface.ports ?? []).forEach((p, j) => {
    const port = typeof p.port === 'number' ? p.port : 0;
    if (port === 0) out.push(cause(CauseType.Required, 'Port field is mandatory.', `${ifacePath}.ports[${j}]`));
    if (port < 0 || port > 65536) out.push(cause(CauseType.Invalid, 'Port field must be in range 0 < x < 65536.', `${ifacePath}.ports[${j}]`));
    if (p.protocol && p.protocol !== 'TCP' && p.protocol !== 'UDP') out.push(cause(CauseType.Invalid, 'Unknown protocol, only TCP or UDP allowed', `${ifacePath}.ports[${j}].protocol`));
  });
  return out;
}

function interfaceCauses(ifaces: VmiInterface[], networks: VmiNetwork[]): StatusCause[] {
  const out: StatusCause[] = [];
  const byName = new Map(networks.map((n) => [n.name, n]));
  const path = (i: number) => `spec.domain.devices.interfaces[${i}]`;
  // validateInterfaceBinding
  ifaces.forEach((iface, i) => {
    const net = byName.get(iface.name);
    if (iface.binding && (iface.bridge || iface.masquerade || iface.sriov || iface.passt)) {
      out.push(cause(CauseType.Invalid, `logical ${iface.name} interface cannot have both binding plugin and interface binding method`, `${path(i)}.binding`));
    }
    if (iface.masquerade && !net?.pod) out.push(cause(CauseType.Invalid, 'Masquerade interface only implemented with pod network', `${path(i)}.name`));
    if (iface.masquerade && iface.macAddress?.toLowerCase() === MASQUERADE_BRIDGE_MAC) {
      out.push(cause(CauseType.Invalid, 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.', `${path(i)}.macAddress`));
    }
  });
  // validateNetworkNameUnique
  const netNames = new Set<string>();
  networks.forEach((n, i) => {
    if (netNames.has(n.name)) out.push(cause(CauseType.Duplicate, `Network with name "${n.name}" already exists, every network must have a unique name`, `spec.networks[${i}].name`));
    netNames.add(n.name);
  });
  // validateNetworksAssignedToInterfaces
  const ifaceNames = new Set(ifaces.map((x) => x.name));
  networks.forEach((n, i) => {
    if (!ifaceNames.has(n.name)) out.push(cause(CauseType.Required, `spec.networks[${i}].name '${n.name}' not found.`, `spec.networks[${i}].name`));
  });
  // validateInterfaceNameUnique
  const seen = new Set<string>();
  ifaces.forEach((x, i) => {
    if (seen.has(x.name)) out.push(cause(CauseType.Duplicate, 'Only one interface can be connected to one specific network', `${path(i)}.name`));
    seen.add(x.name);
  });
  // validateInterfacesAssignedToNetworks
  ifaces.forEach((x, i) => {
    if (!byName.has(x.name)) out.push(cause(CauseType.Invalid, `${path(i)}.name '${x.name}' not found.`, `${path(i)}.name`));
  });
  // validateInterfacesFields
  ifaces.forEach((x, i) => {
    if (!INTERFACE_NAME.test(x.name ?? '')) {
      out.push(cause(CauseType.Invalid, 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)', `${path(i)}.name`));
    }
    if (x.model && !MODELS.has(x.model)) out.push(cause(CauseType.NotSupported, `interface ${path(i)}.name uses model ${x.model} that is not supported.`, `${path(i)}.model`));
    if (x.macAddress) {
      const octets = parseMacOctets(x.macAddress);
      if (octets === undefined) out.push(cause(CauseType.Invalid, `interface ${path(i)}.name has malformed MAC address (${x.macAddress}).`, `${path(i)}.macAddress`));
      else if (octets > 6) out.push(cause(CauseType.Invalid, `interface ${path(i)}.name has MAC address (${x.macAddress}) that is too long.`, `${path(i)}.macAddress`));
    }
    if (x.pciAddress && !PCI_ADDRESS.test(x.pciAddress)) out.push(cause(CauseType.Invalid, `interface ${path(i)}.name has malformed PCI address (${x.pciAddress}).`, `${path(i)}.pciAddress`));
    if (byName.get(x.name)?.pod && x.ports) out.push(...portCauses(path(i), x));
  });
  return out;
}

const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v.filter(isPlainObject) as T[]) : []);

const goType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);

/** The CRD schema's type check (apiextensions' structural validation), which runs before virt-api's webhook sees the object. */
function typeCauses(spec: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const want = (path: string, v: unknown, type: 'string' | 'integer' | 'array' | 'object') => {
    if (v === undefined) return false;
    const got = goType(v);
    const ok = type === 'object' ? isPlainObject(v) : got === type;
    if (!ok) out.push({ reason: CauseType.Invalid, message: `Invalid value: "${got}": ${path} in body must be of type ${type}: "${got}"`, field: path });
    return ok;
  };
  if (want('spec.networks', spec['networks'], 'array')) {
    (spec['networks'] as unknown[]).forEach((n, i) => {
      if (want(`spec.networks[${i}]`, n, 'object')) want(`spec.networks[${i}].name`, (n as Obj)['name'], 'string');
    });
  }
  const domain = spec['domain'];
  const devices = isPlainObject(domain) ? domain['devices'] : undefined;
  if (isPlainObject(domain) && want('spec.domain.devices', devices, 'object') && want('spec.domain.devices.interfaces', (devices as Obj)['interfaces'], 'array')) {
    ((devices as Obj)['interfaces'] as unknown[]).forEach((x, i) => {
      const path = `spec.domain.devices.interfaces[${i}]`;
      if (!want(path, x, 'object')) return;
      const iface = x as Obj;
      for (const f of ['name', 'macAddress', 'model', 'pciAddress']) want(`${path}.${f}`, iface[f], 'string');
      if (want(`${path}.ports`, iface['ports'], 'array')) {
        (iface['ports'] as unknown[]).forEach((p, j) => {
          if (!want(`${path}.ports[${j}]`, p, 'object')) return;
          want(`${path}.ports[${j}].port`, (p as Obj)['port'], 'integer');
          want(`${path}.ports[${j}].name`, (p as Obj)['name'], 'string');
          want(`${path}.ports[${j}].protocol`, (p as Obj)['protocol'], 'string');
        });
      }
    });
  }
  return out;
}

/**
 * A VMI on create: metadata, the CRD schema's required spec.domain, then virt-api's network admission
 * (network sources, bindings, names, interface fields and forwarded ports) in KubeVirt's order and words.
 * @example validateVmi({ metadata: { name: 'v' }, spec: { domain: { devices: { interfaces: [{ name: 'x', masquerade: {} }] } } } })
 */
export function validateVmi(vmi: Obj): StatusCause[] {
  const errs = validateObjectMeta(isPlainObject(vmi['metadata']) ? vmi['metadata'] : {}, true, nameIsDNSSubdomain);
  const spec = isPlainObject(vmi['spec']) ? vmi['spec'] : undefined;
  if (!spec) return [...errs, { reason: CauseType.Required, message: 'Required value', field: 'spec' }];
  const domain = isPlainObject(spec['domain']) ? spec['domain'] : undefined;
  if (!domain) errs.push({ reason: CauseType.Required, message: 'Required value', field: 'spec.domain' });
  const types = typeCauses(spec);
  if (types.length) return [...errs, ...types];
  const devices = domain && isPlainObject(domain['devices']) ? domain['devices'] : {};
  const networks = list<VmiNetwork>(spec['networks']);
  const ifaces = list<VmiInterface>(devices['interfaces']);
  return [...errs, ...networkCauses(networks), ...interfaceCauses(ifaces, networks)];
}

/** virt-api's update admission: the spec of a VMI cannot change ("update of VMI object is restricted"). */
export function validateVmiUpdate(vmi: Obj, old: Obj): StatusCause[] {
  const meta = validateObjectMetaUpdate(isPlainObject(vmi['metadata']) ? vmi['metadata'] : {}, isPlainObject(old['metadata']) ? old['metadata'] : {});
  if (stableStringify(vmi['spec'] ?? null) !== stableStringify(old['spec'] ?? null)) return [...meta, { reason: CauseType.NotSupported, message: 'update of VMI object is restricted', field: 'spec' }];
  return meta;
}
