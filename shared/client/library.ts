/**
 * The client library's entry point (client-go for Kubeflare): transports, typed ClientSet,
 * DynamicClient, shared informers with indexed caches, and the controller work queue.
 * See docs/client.md.
 */
export * from './index';
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
export { realClock, FakeClock, settle, type Clock } from './informer-clock';
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
