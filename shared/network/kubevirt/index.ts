export * from './vmi-types';
export * from './dhcp-options';
export * from './dhcp-packet';
export * from './resolv-conf';
export * from './vmi-pod-network';
export * from './virt-launcher';
export * from './validate-vmi';
export * from './vmi-network-view';
