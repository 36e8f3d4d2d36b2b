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

export const CLUSTER_CLOCKS = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'clusterclocks' };

/** The watched kinds: five watches, one HTTP/1.1 connection each, of the six a browser allows (polled-list.ts). */
interface Watched {
  factory: SharedInformerFactory;
  nodes: SharedIndexInformer<Node>;
  pods: SharedIndexInformer<Pod>;
  deployments: SharedIndexInformer<Deployment>;
  events: SharedIndexInformer<Event>;
  autoscalers: SharedIndexInformer<HorizontalPodAutoscaler>;
}

/**
 * The cluster as the page sees it: one shared informer (list, then watch) per live kind, all namespaces; the
 * namespaces and the cluster clock listed every few seconds (polled-list.ts says why); plus node usage from
 * metrics.k8s.io polled every few seconds. Views read the caches; `subscribe`rs are called after any change, at
 * most once per animation frame.
 *
 * A hidden tab lets go of its connections (`pause`): the browser's six per server are shared by every tab, so a
 * second dashboard tab would otherwise wait for the first one's watches forever. Shown again, it lists and
 * watches anew (`resume`), showing the old caches until the new ones are filled.
 */
export class LiveCluster {
  readonly namespaces: PolledList<Namespace>;
  readonly clocks: PolledList<ClusterClockObject>;
  nodeUsage: NodeUsage[] = [];
  /** Last list or watch failure, shown in the header until the next success. */
  lastError: string | undefined;
  /** Its HTTP status when it came from the server (401: the token was refused). */
  lastErrorCode: number | undefined;

  readonly client: Client;
  private watched: Watched;
  /** The requests of the current run; undefined while paused. */
  private run: AbortController | undefined;
  private started = false;
  private stopped: AbortSignal | undefined;
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  constructor(
    readonly connection: Connection,
    private readonly metricsEveryMs = 5000,
  ) {
    const client = (this.client = connection.client);
    this.watched = this.watch();
    const polled = { changed: () => this.heard(), failed: (e: unknown) => this.fail(e) };
    this.namespaces = new PolledList<Namespace>(client, { group: '', version: 'v1', plural: 'namespaces' }, 10_000, polled);
    this.clocks = new PolledList<ClusterClockObject>(client, CLUSTER_CLOCKS, 5000, polled);
  }

  get nodes(): SharedIndexInformer<Node> {
    return this.watched.nodes;
  }
  get pods(): SharedIndexInformer<Pod> {
    return this.watched.pods;
  }
  get deployments(): SharedIndexInformer<Deployment> {
    return this.watched.deployments;
  }
  get events(): SharedIndexInformer<Event> {
    return this.watched.events;
  }
  get autoscalers(): SharedIndexInformer<HorizontalPodAutoscaler> {
    return this.watched.autoscalers;
  }

  /** A new set of informers, not started (one that has been stopped cannot start again). */
  private watch(): Watched {
    // informer failures are retried with backoff by the reflector; the page only says so
    const factory = new SharedInformerFactory(this.client, { onError: (e) => this.fail(e) });
    const w: Watched = {
      factory,
      nodes: factory.forResource<Node>({ group: '', version: 'v1', plural: 'nodes' }),
      pods: factory.forResource<Pod>({ group: '', version: 'v1', plural: 'pods' }),
      deployments: factory.forResource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments' }),
      events: factory.forResource<Event>({ group: '', version: 'v1', plural: 'events' }),
      autoscalers: factory.forResource<HorizontalPodAutoscaler>({ group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' }),
    };
    const changed = { onAdd: () => this.heard(), onUpdate: () => this.heard(), onDelete: () => this.heard() };
    for (const i of informersOf(w)) i.addEventHandler(changed);
    return w;
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

  /** Starts listing and watching (at once, or at the first `resume`); everything stops for good when `signal` aborts. */
  start(signal: AbortSignal, now = true): void {
    this.stopped = signal;
    signal.addEventListener('abort', () => this.pause());
    if (now) this.resume();
  }

  /** True while the page has let go of its connections (a hidden tab). */
  get paused(): boolean {
    return this.run === undefined;
  }

  /** Stops every request and watch; the caches keep what they hold. */
  pause(): void {
    this.run?.abort();
    this.run = undefined;
  }

  /** Lists and watches again (the first time: at all); the old caches are shown until the new ones are filled. */
  resume(): void {
    if (this.run || !this.stopped || this.stopped.aborted) return;
    const run = (this.run = new AbortController());
    const signal = run.signal;
    const next = this.started ? this.watch() : this.watched;
    this.started = true;
    next.factory.start(signal);
    this.namespaces.start(signal);
    this.clocks.start(signal);
    const poll = async () => {
      try {
        const list = await this.client.resource<NodeUsage>({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' }).list();
        this.nodeUsage = list.items;
        this.heard();
      } catch (e) {
        if (!signal.aborted) this.fail(e);
      }
    };
    void next.factory.waitForCacheSync(signal).then((synced) => {
      if (!synced || signal.aborted) return;
      this.watched = next;
      this.heard();
      // metrics.k8s.io computes every pod's usage: asked only once the caches are filled, so it never delays them
      void poll();
      const timer = setInterval(poll, this.metricsEveryMs);
      signal.addEventListener('abort', () => clearInterval(timer));
    });
  }

  synced(): boolean {
    return informersOf(this.watched).every((i) => i.hasSynced()) && this.namespaces.hasSynced() && this.clocks.hasSynced();
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

function informersOf(w: Watched): SharedIndexInformer<ObjectLike>[] {
  return [w.nodes, w.pods, w.deployments, w.events, w.autoscalers] as unknown as SharedIndexInformer<ObjectLike>[];
}
