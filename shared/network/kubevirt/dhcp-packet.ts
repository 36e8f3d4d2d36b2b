// The OFFER KubeVirt's DHCPHandler answers a DISCOVER with: krolaw/dhcp4's ReplyPacket (BOOTP header copied
// from the request, options 53, 54, 51, then the server's options, End, padded to the 300-byte BOOTP minimum).
import { parseIPv4 } from '../../nodes/ipv4';
import type { DhcpOption } from './dhcp-options';

/** KubeVirt's infinite lease: 999 days. */
export const LEASE_SECONDS = 999 * 24 * 3600;

export const DHCP_OFFER = 2;
export const DHCP_ACK = 5;

/** The fields of the client's DISCOVER the reply copies. */
export interface DhcpRequest {
  /** Transaction ID, 4 bytes. */
  xid: number;
  chaddr: string;
  flags?: number;
  secs?: number;
}

const ip4 = (ip: string): number[] => {
  const n = parseIPv4(ip) ?? 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
};
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const macBytes = (mac: string): number[] => mac.split(':').map((h) => parseInt(h, 16));

/**
 * ReplyPacket: op 2 (BOOTREPLY), htype 1, hlen 6, the request's xid, secs and flags, yiaddr the client's
 * address, giaddr 0, chaddr the client's MAC, the magic cookie 99.130.83.99, then option 53 (message type),
 * 54 (server identifier), 51 (lease time), the server's options, 255; padded with zeros to 272 bytes.
 */
export function dhcpReply(messageType: number, req: DhcpRequest, serverId: string, yiaddr: string, options: DhcpOption[], leaseSeconds = LEASE_SECONDS): Uint8Array {
  const p: number[] = new Array(240).fill(0);
  p[0] = 2;
  p[1] = 1;
  const mac = macBytes(req.chaddr);
  p[2] = mac.length;
  p.splice(4, 4, ...u32(req.xid));
  p.splice(8, 2, ((req.secs ?? 0) >>> 8) & 255, (req.secs ?? 0) & 255);
  p.splice(10, 2, ((req.flags ?? 0) >>> 8) & 255, (req.flags ?? 0) & 255);
  p.splice(16, 4, ...ip4(yiaddr));
  p.splice(28, mac.length, ...mac);
  p.splice(236, 4, 99, 130, 83, 99);
  const add = (code: number, value: number[]) => p.push(code, value.length, ...value);
  add(53, [messageType]);
  add(54, ip4(serverId));
  add(51, u32(leaseSeconds));
  for (const o of options) add(o.code, o.bytes);
  p.push(255);
  while (p.length < 272) p.push(0);
  return Uint8Array.from(p);
}

/** Bytes as lowercase hex, `sep` between bytes. */
export function toHex(bytes: ArrayLike<number>, sep = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(sep);
}

/** ParseOptions: the options of a packet by code (pads skipped, up to End). */
export function parseDhcpOptions(packet: Uint8Array): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let i = 240;
  while (i + 1 < packet.length && packet[i] !== 255) {
    if (packet[i] === 0) {
      i++;
      continue;
    }
    const size = packet[i + 1]!;
    if (i + 2 + size > packet.length) break;
    out.set(packet[i]!, Array.from(packet.subarray(i + 2, i + 2 + size)));
    i += 2 + size;
  }
  return out;
}
