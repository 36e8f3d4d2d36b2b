import type { KubeObject } from '../api/object';
import type { Client, ObjectLike, ResourceRef } from './client';
import { SharedIndexInformer, type InformerOptions } from './shared-informer';

export type InformerFactoryOptions = Omit<InformerOptions, 'indexers'>;

/**
 * Hands out one SharedIndexInformer per resource, so every controller in a process shares one
 * list-and-watch and one cache per kind (client-go's SharedInformerFactory).
 * @example
 * const factory = new SharedInformerFactory(client, { resyncMs: 30_000 });
 * const deploys = factory.forResource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments' });
 * factory.start(signal); await factory.waitForCacheSync();
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<ObjectLike>>();
  private signal: AbortSignal | undefined;
  private started = false;

  constructor(
    private readonly client: Client,
    private readonly opts: InformerFactoryOptions = {},
  ) {}

  /** The informer of a resource, created on first request; started at once if the factory runs. */
  forResource<T extends ObjectLike = KubeObject>(ref: ResourceRef): SharedIndexInformer<T> {
    const key = refKey(ref);
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new SharedIndexInformer<ObjectLike>(this.client, ref, this.opts as InformerOptions<ObjectLike>);
      this.informers.set(key, informer);
      if (this.started) informer.start(this.signal);
    }
    return informer as unknown as SharedIndexInformer<T>;
  }

  /** Starts every informer requested so far and any requested later. */
  start(signal?: AbortSignal): void {
    this.started = true;
    this.signal = signal;
    for (const i of this.informers.values()) i.start(signal);
  }

  /** Resolves true when every started informer has synced (false if one stopped first). */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Stops every informer and waits for their loops to end. */
  async shutdown(): Promise<void> {
    for (const i of this.informers.values()) i.stop();
    await Promise.all([...this.informers.values()].map((i) => i.stopped()));
  }
}

function refKey(ref: ResourceRef): string {
  const version = 'versions' in ref ? ref.versions[0] : ref.version;
  return `${ref.group}/${version}/${ref.plural}`;
}
