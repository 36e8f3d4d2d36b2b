export { reconcileTtlAfterFinished } from './ttl-after-finished';
