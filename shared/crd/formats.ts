/**
 * The string formats apiextensions checks (k8s.io/kube-openapi/pkg/validation/strfmt, the subset
 * CRDs allow). Unknown formats pass, as upstream ignores formats it does not know.
 */
const FORMATS: Record<string, (v: string) => boolean> = {
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  email: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
  hostname: (v) => v.length <= 253 && /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/.test(v),
  ipv4: (v) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v),
  ipv6: (v) => /^[0-9a-fA-F:.]+$/.test(v) && v.includes(':'),
  cidr: (v) => /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(v),
  mac: (v) => /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(v),
  byte: (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0,
  duration: (v) => /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w))+$/.test(v),
  uri: (v) => /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v),
};

/** True when `value` has the format, or the format is one upstream does not check. */
export function checkFormat(format: string, value: string): boolean {
  const check = FORMATS[format];
  return check ? check(value) : true;
}
