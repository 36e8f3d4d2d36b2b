import { formatCidr, formatIPv4, parseCidr, parseIPv4 } from '../nodes/ipv4';

/** The backends the model knows (flannel registers more; these are the ones the seeds take apart). */
export const BACKEND_TYPES = ['vxlan', 'udp', 'host-gw', 'wireguard'] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

/** One backend's settings after flannel's defaults (vxlan VNI 1 on the kernel's port 8472, udp 8285, wireguard 51820). */
export interface FlannelBackend {
  type: BackendType;
  /** vxlan: the VNI, which also names the device `flannel.<VNI>`. */
  vni: number;
  /** UDP port of the encapsulation (vxlan: 0 in the config means the kernel's 8472). */
  port: number;
  /** vxlan: plain routes to nodes on the same L2 segment, no encapsulation. */
  directRouting: boolean;
  /** An explicit device MTU; otherwise NIC MTU − the backend's overhead. */
  mtu?: number;
}

/** net-conf.json after flannel's ParseConfig and CheckNetworkConfig (IPv4 only). */
export interface FlannelConfig {
  enableIPv4: boolean;
  /** The cluster's pod network, e.g. 10.244.0.0/16. */
  network: string;
  subnetLen: number;
  subnetMin: string;
  subnetMax: string;
  backend: FlannelBackend;
}

export type FlannelConfigResult = { ok: true; config: FlannelConfig } | { ok: false; error: string };

/** kube-flannel.yml's net-conf.json: the configuration a cluster without a `kube-flannel-cfg` runs. */
export const DEFAULT_NET_CONF = '{\n  "Network": "10.244.0.0/16",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n';

const DEFAULT_PORTS: Record<BackendType, number> = { vxlan: 8472, udp: 8285, 'host-gw': 0, wireguard: 51820 };

/** Go's encoding/json matches object keys to struct fields case-insensitively; so does flannel's config. */
function field(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  let found: unknown;
  // the last matching key wins, as encoding/json assigns each in turn
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) found = v;
  return found;
}

function typeError(value: unknown, struct: string, name: string, goType: string): string {
  const jsonType = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  return `json: cannot unmarshal ${jsonType} into Go struct field ${struct}.${name} of type ${goType}`;
}

function uintField(obj: Record<string, unknown>, name: string, struct: string, goType = 'uint'): number | string {
  const v = field(obj, name);
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number') return typeError(v, struct, name, goType);
  if (!Number.isInteger(v) || v < 0) return `json: cannot unmarshal number ${v} into Go struct field ${struct}.${name} of type ${goType}`;
  return v;
}

function boolField(obj: Record<string, unknown>, name: string, struct: string, dflt: boolean): boolean | string {
  const v = field(obj, name);
  if (v === undefined || v === null) return dflt;
  return typeof v === 'boolean' ? v : typeError(v, struct, name, 'bool');
}

/**
 * flannel's ParseConfig then CheckNetworkConfig (pkg/subnet/config.go) over a net-conf.json, plus the
 * backend's own decoding: the same defaults (no Backend → udp, SubnetLen 24 for /22 or larger networks,
 * the first subnet skipped for SubnetMin) and the same error strings.
 *
 * @example parseFlannelConfig('{"Network":"10.3.0.0/16"}') // → subnetLen 24, subnetMin 10.3.1.0, subnetMax 10.3.255.0, backend udp
 */
export function parseFlannelConfig(text: string): FlannelConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: `json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type subnet.Config` };
  }
  const obj = raw as Record<string, unknown>;
  const enableIPv4 = boolField(obj, 'EnableIPv4', 'Config', true);
  if (typeof enableIPv4 === 'string') return { ok: false, error: enableIPv4 };

  const netText = field(obj, 'Network');
  let network: { base: number; prefix: number } | undefined;
  if (netText !== undefined && netText !== null) {
    network = typeof netText === 'string' ? parseCidr(netText) : undefined;
    if (!network) return { ok: false, error: `invalid CIDR address: ${typeof netText === 'string' ? netText : JSON.stringify(netText)}` };
  }
  const ips: Record<'SubnetMin' | 'SubnetMax', number> = { SubnetMin: 0, SubnetMax: 0 };
  for (const name of ['SubnetMin', 'SubnetMax'] as const) {
    const v = field(obj, name);
    if (v === undefined || v === null) continue;
    const ip = typeof v === 'string' ? parseIPv4(v) : undefined;
    if (ip === undefined) return { ok: false, error: 'Invalid IP address format' };
    ips[name] = ip;
  }
  let subnetLen = uintField(obj, 'SubnetLen', 'Config');
  if (typeof subnetLen === 'string') return { ok: false, error: subnetLen };

  const backend = parseBackend(field(obj, 'Backend'));
  if (typeof backend === 'string') return { ok: false, error: backend };
  if (!enableIPv4) return { ok: false, error: 'EnableIPv4 is false: IPv6-only networks are not modelled (dual stack is left out)' };

  // CheckNetworkConfig
  if (!network || (network.base === 0 && network.prefix === 0)) return { ok: false, error: 'please define a correct Network parameter in the flannel config' };
  if (subnetLen > 0) {
    if (subnetLen > 30) return { ok: false, error: 'SubnetLen must be less than /31' };
    if (subnetLen < network.prefix + 2) return { ok: false, error: 'network must be able to accommodate at least four subnets' };
  } else if (network.prefix > 28) {
    return { ok: false, error: 'network is too small. Minimum useful network prefix is /28' };
  } else {
    subnetLen = network.prefix <= 22 ? 24 : network.prefix + 2;
  }
  const size = 2 ** (32 - subnetLen);
  const netSize = 2 ** (32 - network.prefix);
  const inNetwork = (ip: number) => ip >= network!.base && ip < network!.base + netSize;
  let subnetMin = ips.SubnetMin;
  let subnetMax = ips.SubnetMax;
  if (subnetMin === 0) subnetMin = network.base + size;
  else if (!inNetwork(subnetMin)) return { ok: false, error: 'SubnetMin is not in the range of the Network' };
  if (subnetMax === 0) subnetMax = network.base + netSize - size;
  else if (!inNetwork(subnetMax)) return { ok: false, error: 'SubnetMax is not in the range of the Network' };
  if (subnetMin % size !== 0) return { ok: false, error: `SubnetMin is not on a SubnetLen boundary: ${formatIPv4(subnetMin)}` };
  if (subnetMax % size !== 0) return { ok: false, error: `SubnetMax is not on a SubnetLen boundary: ${formatIPv4(subnetMax)}` };
  return {
    ok: true,
    config: { enableIPv4, network: formatCidr(network), subnetLen, subnetMin: formatIPv4(subnetMin), subnetMax: formatIPv4(subnetMax), backend },
  };
}

/**
 * parseBackendType (no Backend → udp), the backend manager's lookup (lower-cased; unknown → its error) and
 * the chosen backend's RegisterNetwork decoding of its own fields, with its defaults.
 */
function parseBackend(value: unknown): FlannelBackend | string {
  if (value === undefined || value === null) return { type: 'udp', vni: 0, port: DEFAULT_PORTS.udp, directRouting: false };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const jsonType = Array.isArray(value) ? 'array' : typeof value;
    return `error decoding Backend property of config: json: cannot unmarshal ${jsonType} into Go value of type struct { Type string }`;
  }
  const be = value as Record<string, unknown>;
  const typeValue = field(be, 'Type') ?? '';
  if (typeof typeValue !== 'string') return `error decoding Backend property of config: ${typeError(typeValue, '', 'Type', 'string')}`;
  const type = typeValue.toLowerCase();
  if (!(BACKEND_TYPES as readonly string[]).includes(type)) return `unknown backend type: ${type}`;
  const t = type as BackendType;
  const label = t === 'vxlan' ? 'VXLAN backend config' : t === 'udp' ? 'UDP backend config' : 'backend config';
  const portName = t === 'wireguard' ? 'ListenPort' : 'Port';
  const vni = t === 'vxlan' ? (field(be, 'VNI') === undefined ? 1 : uintField(be, 'VNI', '', 'int')) : 0;
  if (typeof vni === 'string') return `error decoding ${label}: ${vni}`;
  const port = t === 'host-gw' ? 0 : uintField(be, portName, '', 'int');
  if (typeof port === 'string') return `error decoding ${label}: ${port}`;
  const directRouting = t === 'vxlan' ? boolField(be, 'DirectRouting', '', false) : false;
  if (typeof directRouting === 'string') return `error decoding ${label}: ${directRouting}`;
  const mtu = uintField(be, 'MTU', '', 'int');
  if (typeof mtu === 'string') return `error decoding ${label}: ${mtu}`;
  if (vni > 16_777_215) return `error decoding ${label}: VNI ${vni} is out of range (0-16777215)`;
  if (port > 65_535) return `error decoding ${label}: ${portName} ${port} is out of range (0-65535)`;
  return { type: t, vni, port: port || DEFAULT_PORTS[t], directRouting, ...(mtu ? { mtu } : {}) };
}
