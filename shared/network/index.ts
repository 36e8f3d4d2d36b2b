export * from './flannel-config';
export * from './flannel-config-map';
export * from './backend-mtu';
export * from './flannel-annotations';
export * from './subnet-lease';
export * from './subnet-env';
export * from './node-dataplane';
