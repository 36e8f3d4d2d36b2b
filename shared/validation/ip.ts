import { parseIPv4 } from '../nodes/ipv4';

/** The message of upstream's IsValidIP (k8s.io/apimachinery/pkg/util/validation, 1.32). */
export const INVALID_IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Whether `s` parses as an IPv4 or IPv6 address (netutils.ParseIPSloppy). */
export function isValidIP(s: string): boolean {
  if (parseIPv4(s) !== undefined) return true;
  if (!s.includes(':') || /[^0-9a-fA-F:.]/.test(s)) return false;
  try {
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * ValidateNonSpecialIP: an endpoint must be a routable unicast address.
 * Returns the detail messages upstream attaches to `Invalid value: "<ip>"`.
 */
export function nonSpecialIPErrors(s: string): string[] {
  const v4 = parseIPv4(s);
  if (v4 === undefined) {
    if (/^(::|0*:0*:0*:0*:0*:0*:0*:0*)$/.test(s)) return ['may not be unspecified (0.0.0.0)'];
    if (s === '::1') return ['may not be in the loopback range (127.0.0.0/8, ::1/128)'];
    if (/^fe[89ab]/i.test(s)) return ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'];
    if (/^ff/i.test(s)) return ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'];
    return [];
  }
  if (v4 === 0) return ['may not be unspecified (0.0.0.0)'];
  if (v4 >>> 24 === 127) return ['may not be in the loopback range (127.0.0.0/8, ::1/128)'];
  if (v4 >>> 16 === 0xa9fe) return ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'];
  if (v4 >>> 8 === 0xe00000) return ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'];
  return [];
}
