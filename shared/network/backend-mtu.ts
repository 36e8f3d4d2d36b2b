import type { BackendType, FlannelBackend } from './flannel-config';

/** The MTU of a simulated node's NIC (eth0). */
export const NIC_MTU = 1500;

/**
 * Bytes each backend adds to a packet on the wire: vxlan 50 (outer Ethernet 14 + IP 20 + UDP 8 + VXLAN 8),
 * udp 28 (outer IP 20 + UDP 8), wireguard 80 (flannel reserves the IPv6 worst case), host-gw 0.
 */
export const ENCAP_OVERHEAD: Record<BackendType, number> = { vxlan: 50, udp: 28, wireguard: 80, 'host-gw': 0 };

/** The flannel device's (and so the pods') MTU: an explicit Backend MTU, else NIC MTU − overhead (1450/1472/1420/1500 on 1500). */
export function backendMtu(backend: FlannelBackend, nicMtu = NIC_MTU): number {
  return backend.mtu ?? nicMtu - ENCAP_OVERHEAD[backend.type];
}
