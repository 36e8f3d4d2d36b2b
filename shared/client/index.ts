export type {
  Client,
  DeleteCollectionOptions,
  DeleteOptions,
  ListOptions,
  ObjectLike,
  ObjectList,
  PatchOptions,
  PatchType,
  ResourceClient,
  ResourceRef,
  WatchOptions,
  WriteOptions,
} from './client';
export { resolveResource } from './resolve-resource';
export { statusToError, unwrap } from './store-result';
export { watchLines } from './watch-lines';
export { mergeNamespaceLists, type MergeOptions } from './list-merge';
export { RpcClient, type RpcClientOptions } from './rpc-client';
export { MemoryClient, type MemoryClientOptions } from './memory-client';
export { MemoryCluster, CLUSTER_STORE, INITIAL_NAMESPACES, counterUids, seededRand, rfc3339, type MemoryClusterOptions } from './memory-cluster';
export { MemoryStore, type MemoryStoreEnv, type NamespacePhase } from './memory-store';
export { MemoryTable, DEFAULT_RETENTION_MS, type LoggedEvent } from './memory-table';
export { realTimeSchedule, type Schedule } from '../clock/clock';
export { HttpClient, type HttpClientOptions } from './http-client';
export { resourcePath, queryString, PATCH_CONTENT_TYPE } from './http-paths';
export { responseError } from './http-errors';
export { loadKubeconfig, type KubeconfigTarget } from './kubeconfig';
