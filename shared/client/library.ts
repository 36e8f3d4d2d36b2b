/**
 * The client library's entry point (client-go for Kubeflare): transports, typed ClientSet,
 * DynamicClient, shared informers with indexed caches, and the controller work queue.
 * See docs/client.md.
 */
export * from './index';
// errors are part of the API: callers test `e instanceof ApiError && e.reason === 'NotFound'`
export { ApiError, type Status, type StatusCause, type StatusDetails, type StatusReason } from '../api/errors';
export type { KubeObject, WatchEvent, WatchEventType, Json } from '../api/object';
export { createClientSet, accessorName, type ClientSet, type NamespacedResource, type ClusterResource } from './clientset';
export type {
  CoreV1Client,
  AppsV1Client,
  BatchV1Client,
  AutoscalingV1Client,
  AutoscalingV2Client,
  PolicyV1Client,
  CoordinationV1Client,
  SchedulingV1Client,
  EventsV1Client,
} from './clientset';
export { DynamicClient, type DynamicClientOptions, type GroupVersionKind, type GroupVersionResource, type Unstructured } from './dynamic-client';
export { SharedIndexInformer, type EventHandler, type InformerOptions } from './shared-informer';
export { SharedInformerFactory, type InformerFactoryOptions } from './informer-factory';
export { Indexer, metaNamespaceKey, namespaceIndexFunc, labelsIndexFunc, NAMESPACE_INDEX, LABELS_INDEX, type IndexFunc, type Lister } from './indexer';
export { Backoff, REFLECTOR_BACKOFF, type BackoffOptions } from './backoff';
export { realClock, FakeClock, settle, type Clock } from '../clock/clock';
export {
  ControllerQueue,
  runWorker,
  WorkQueue,
  emptyWorkQueueState,
  DEFAULT_RATE_LIMITER,
  type ReconcileResult,
  type RateLimiterOptions,
  type WorkQueueState,
} from './controller-queue';
export { discoverResources, type HttpDiscoveryOptions } from './http-discovery';
