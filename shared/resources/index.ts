export * from './cpu-cgroup';
export * from './cfs-bandwidth';
export * from './cpu-fair-share';
export * from './node-cpu';
export * from './memory-limit';
export * from './oom-score-adj';
export * from './demand-changes';
