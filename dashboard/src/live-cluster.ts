import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Event, Namespace, Node, Pod } from 'kubernetes-types/core/v1';
import type { Client } from '../../shared/client/client';
import { SharedInformerFactory } from '../../shared/client/informer-factory';
import type { SharedIndexInformer } from '../../shared/client/shared-informer';
import type { NodeUsage } from './model/node-rows';

/**
 * The cluster as the page sees it: one shared informer (list, then watch) per kind, all namespaces, plus node
 * usage from metrics.k8s.io polled every few seconds. Views read the caches; `onChange` fires after any change,
 * at most once per animation frame.
 */
export class LiveCluster {
  readonly nodes: SharedIndexInformer<Node>;
  readonly pods: SharedIndexInformer<Pod>;
  readonly deployments: SharedIndexInformer<Deployment>;
  readonly events: SharedIndexInformer<Event>;
  readonly namespaces: SharedIndexInformer<Namespace>;
  nodeUsage: NodeUsage[] = [];
  /** Last list or watch failure, shown in the header until the next success. */
  lastError: string | undefined;

  private readonly factory: SharedInformerFactory;
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  constructor(
    readonly client: Client,
    private readonly metricsEveryMs = 5000,
  ) {
    // informer failures are retried with backoff by the reflector; the page only says so
    this.factory = new SharedInformerFactory(client, { onError: (e) => this.fail(e) });
    this.nodes = this.factory.forResource<Node>({ group: '', version: 'v1', plural: 'nodes' });
    this.pods = this.factory.forResource<Pod>({ group: '', version: 'v1', plural: 'pods' });
    this.deployments = this.factory.forResource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments' });
    this.events = this.factory.forResource<Event>({ group: '', version: 'v1', plural: 'events' });
    this.namespaces = this.factory.forResource<Namespace>({ group: '', version: 'v1', plural: 'namespaces' });
    const changed = { onAdd: () => this.heard(), onUpdate: () => this.heard(), onDelete: () => this.heard() };
    for (const i of [this.nodes, this.pods, this.deployments, this.events, this.namespaces]) i.addEventHandler(changed);
  }

  start(signal: AbortSignal): void {
    this.factory.start(signal);
    const poll = async () => {
      try {
        const list = await this.client.resource<NodeUsage>({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' }).list();
        this.nodeUsage = list.items;
        this.heard();
      } catch (e) {
        this.fail(e);
      }
    };
    void poll();
    const timer = setInterval(poll, this.metricsEveryMs);
    signal.addEventListener('abort', () => clearInterval(timer));
  }

  synced(): boolean {
    return [this.nodes, this.pods, this.deployments, this.events, this.namespaces].every((i) => i.hasSynced());
  }

  /** Calls `fn` after changes (coalesced per frame); returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** News from the server: whatever failed before works again. */
  private heard(): void {
    this.lastError = undefined;
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
    this.changed();
  }
}
