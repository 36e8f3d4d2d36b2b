import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Event, Namespace, Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { Client, ObjectLike } from '../../shared/client/client';
import { SharedInformerFactory } from '../../shared/client/informer-factory';
import type { SharedIndexInformer } from '../../shared/client/shared-informer';
import { CLUSTER_CLOCK_NAME, clockStateOf, type ClusterClockObject } from '../../shared/clock/clock-object';
import { clusterTimeAt, type ClockState } from '../../shared/clock/cluster-clock';
import type { Connection } from './connection';
import { PolledList } from './polled-list';
import type { NodeUsage } from './model/node-rows';

/**
 * The cluster as the page sees it: one shared informer (list, then watch) per live kind, all namespaces; the
 * namespaces and the cluster clock listed every few seconds (polled-list.ts says why); plus node
 * usage from metrics.k8s.io polled every few seconds. Views read the caches; `onChange` fires after any change,
 * at most once per animation frame.
 */
export const CLUSTER_CLOCKS = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'clusterclocks' };

export class LiveCluster {
  readonly nodes: SharedIndexInformer<Node>;
  readonly pods: SharedIndexInformer<Pod>;
  readonly deployments: SharedIndexInformer<Deployment>;
  readonly events: SharedIndexInformer<Event>;
  readonly autoscalers: SharedIndexInformer<HorizontalPodAutoscaler>;
  readonly namespaces: PolledList<Namespace>;
  readonly clocks: PolledList<ClusterClockObject>;
  nodeUsage: NodeUsage[] = [];
  /** Last list or watch failure, shown in the header until the next success. */
  lastError: string | undefined;
  /** Its HTTP status when it came from the server (401: the token was refused). */
  lastErrorCode: number | undefined;

  private readonly factory: SharedInformerFactory;
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  readonly client: Client;

  constructor(
    readonly connection: Connection,
    private readonly metricsEveryMs = 5000,
  ) {
    const client = (this.client = connection.client);
    // informer failures are retried with backoff by the reflector; the page only says so
    this.factory = new SharedInformerFactory(client, { onError: (e) => this.fail(e) });
    this.nodes = this.factory.forResource<Node>({ group: '', version: 'v1', plural: 'nodes' });
    this.pods = this.factory.forResource<Pod>({ group: '', version: 'v1', plural: 'pods' });
    this.deployments = this.factory.forResource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments' });
    this.events = this.factory.forResource<Event>({ group: '', version: 'v1', plural: 'events' });
    this.autoscalers = this.factory.forResource<HorizontalPodAutoscaler>({ group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' });
    const changed = { onAdd: () => this.heard(), onUpdate: () => this.heard(), onDelete: () => this.heard() };
    for (const i of this.informers()) i.addEventHandler(changed);
    const polled = { changed: () => this.heard(), failed: (e: unknown) => this.fail(e) };
    this.namespaces = new PolledList<Namespace>(client, { group: '', version: 'v1', plural: 'namespaces' }, 10_000, polled);
    this.clocks = new PolledList<ClusterClockObject>(client, CLUSTER_CLOCKS, 5000, polled);
  }

  /** The watched kinds: five watches, one HTTP/1.1 connection each, of the six a browser allows (polled-list.ts). */
  private informers(): SharedIndexInformer<ObjectLike>[] {
    return [this.nodes, this.pods, this.deployments, this.events, this.autoscalers] as unknown as SharedIndexInformer<ObjectLike>[];
  }

  /** The ClusterClock `cluster` as last seen (undefined before it is listed). */
  clock(): ClusterClockObject | undefined {
    return this.clocks.list().find((c) => c.metadata?.name === CLUSTER_CLOCK_NAME);
  }

  /** The clock's state: speed, paused, anchors (real time until the clock is listed). */
  clockState(wall = Date.now()): ClockState {
    return clockStateOf(this.clock(), wall);
  }

  /**
   * Cluster time now (ms): what every controller and kubelet reads, computed from the clock's anchors and this
   * machine's wall clock, so ages and charts follow a fast or paused clock.
   */
  now(wall = Date.now()): number {
    return clusterTimeAt(this.clockState(wall), wall);
  }

  start(signal: AbortSignal): void {
    this.factory.start(signal);
    this.namespaces.start(signal);
    this.clocks.start(signal);
    const poll = async () => {
      try {
        const list = await this.client.resource<NodeUsage>({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' }).list();
        this.nodeUsage = list.items;
        this.heard();
      } catch (e) {
        this.fail(e);
      }
    };
    // metrics.k8s.io computes every pod's usage: asked only once the caches are filled, so it never delays them
    void this.factory.waitForCacheSync(signal).then((synced) => {
      if (!synced || signal.aborted) return;
      void poll();
      const timer = setInterval(poll, this.metricsEveryMs);
      signal.addEventListener('abort', () => clearInterval(timer));
    });
  }

  synced(): boolean {
    return this.informers().every((i) => i.hasSynced()) && this.namespaces.hasSynced() && this.clocks.hasSynced();
  }

  /** Calls `fn` after changes (coalesced per frame); returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** News from the server: whatever failed before works again. */
  private heard(): void {
    this.lastError = undefined;
    this.lastErrorCode = undefined;
    this.changed();
  }

  private changed(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      for (const fn of this.listeners) fn();
    });
  }

  private fail(e: unknown): void {
    this.lastError = e instanceof Error ? e.message : String(e);
    this.lastErrorCode = e instanceof ApiError ? e.code : undefined;
    this.changed();
  }
}
