// The Website controller: keeps one Deployment and one Service per Website and reports the
// Deployment's available replicas in the Website's status. Level-triggered, as sample-controller:
// every event only enqueues the Website's key; reconcile reads the current state from the caches.
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import {
  ApiError,
  ControllerQueue,
  HttpClient,
  SharedInformerFactory,
  createClientSet,
  metaNamespaceKey,
  runWorker,
  type ClientSet,
  type EventHandler,
  type ObjectLike,
  type ReconcileResult,
  type SharedIndexInformer,
} from '../../shared/client/library';
import {
  CONTROLLER_NAME,
  WEBSITES,
  controllingWebsite,
  deploymentUpdate,
  desiredDeployment,
  desiredService,
  isOwnedBy,
  serviceUpdate,
  statusUpdate,
  type Website,
} from './website';

export interface WebsiteControllerOptions {
  server: string;
  token?: string;
  /** Watch one namespace; every namespace when unset. */
  namespace?: string;
  workers?: number;
  /** One structured line per event that matters. */
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** A running controller: `synced` resolves once the caches are filled, `stop()` ends it. */
export interface RunningController {
  synced: Promise<boolean>;
  stop(): Promise<void>;
}

/** Starts the informers, the queue and the workers. */
export function startWebsiteController(opts: WebsiteControllerOptions): RunningController {
  const log = opts.log ?? (() => {});
  const client = new HttpClient({ server: opts.server, token: opts.token, fieldManager: CONTROLLER_NAME, userAgent: CONTROLLER_NAME });
  const cs = createClientSet(client);
  const factory = new SharedInformerFactory(client, {
    namespace: opts.namespace,
    resyncMs: 5 * 60_000,
    onError: (err) => log('list/watch failed, retrying', { error: describe(err) }),
  });
  const websites = factory.forResource<Website>(WEBSITES);
  const deployments = factory.forResource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments' });
  const services = factory.forResource<Service>({ group: '', version: 'v1', plural: 'services' });
  const queue = new ControllerQueue();

  // A Website event enqueues the Website; a dependent's event enqueues the Website controlling it.
  const enqueue = (o: ObjectLike): void => queue.add(metaNamespaceKey(o));
  websites.addEventHandler({ onAdd: enqueue, onUpdate: (_, o) => enqueue(o), onDelete: enqueue });
  const enqueueOwner: EventHandler<ObjectLike> = {
    onAdd: (o) => ownerKey(o),
    onUpdate: (_, o) => ownerKey(o),
    onDelete: (o) => ownerKey(o),
  };
  function ownerKey(o: ObjectLike): void {
    const key = controllingWebsite(o);
    if (key) queue.add(key);
  }
  deployments.addEventHandler(enqueueOwner);
  services.addEventHandler(enqueueOwner);

  const ac = new AbortController();
  factory.start(ac.signal);
  const synced = factory.waitForCacheSync(ac.signal);
  const reconciler = new WebsiteReconciler(cs, websites, deployments, services, log);
  const workers = synced.then((ok) => {
    if (!ok) return [];
    log('caches synced, starting workers', { websites: websites.indexer.size });
    return Promise.all(
      Array.from({ length: opts.workers ?? 2 }, () =>
        runWorker(queue, (key) => reconciler.reconcile(key), ac.signal, (key, err) => log('reconcile failed, will retry', { key, error: describe(err) })),
      ),
    );
  });
  return {
    synced,
    async stop() {
      ac.abort();
      queue.shutDown();
      await factory.shutdown();
      await workers;
    },
  };
}

/** Reconciles one Website: reads the caches, writes only what differs. */
class WebsiteReconciler {
  constructor(
    private readonly cs: ClientSet,
    private readonly websites: SharedIndexInformer<Website>,
    private readonly deployments: SharedIndexInformer<Deployment>,
    private readonly services: SharedIndexInformer<Service>,
    private readonly log: (msg: string, fields?: Record<string, unknown>) => void,
  ) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const site = this.websites.indexer.get(key);
    // gone or going: the garbage collector deletes the dependents through their ownerReferences
    if (!site || site.metadata?.deletionTimestamp) return;
    const [namespace, name] = [site.metadata!.namespace!, site.metadata!.name!];
    const deployment = await this.ensureDeployment(site, this.deployments.indexer.get(key));
    await this.ensureService(site, this.services.indexer.get(key));
    const status = statusUpdate(site, deployment);
    if (status) {
      await this.cs.resource<Website>(WEBSITES).namespace(namespace).patch(name, 'merge', { status }, { subresource: 'status' });
      this.log('status updated', { namespace, name, ...status });
    }
  }

  private async ensureDeployment(site: Website, current: Deployment | undefined): Promise<Deployment | undefined> {
    const { namespace, name } = site.metadata as { namespace: string; name: string };
    const api = this.cs.appsV1().deployments(namespace);
    if (!current) {
      const created = await api.create(desiredDeployment(site));
      this.log('deployment created', { namespace, name });
      return created;
    }
    // someone else's Deployment of that name: report and leave it alone, as sample-controller does
    if (!isOwnedBy(current, site)) throw new Error(`deployment ${namespace}/${name} already exists and is not managed by Website ${name}`);
    const next = deploymentUpdate(current, site);
    if (!next) return current;
    const updated = await api.update(next);
    this.log('deployment updated', { namespace, name, replicas: next.spec?.replicas });
    return updated;
  }

  private async ensureService(site: Website, current: Service | undefined): Promise<void> {
    const { namespace, name } = site.metadata as { namespace: string; name: string };
    const api = this.cs.coreV1().services(namespace);
    if (!current) {
      await api.create(desiredService(site));
      this.log('service created', { namespace, name });
      return;
    }
    if (!isOwnedBy(current, site)) throw new Error(`service ${namespace}/${name} already exists and is not managed by Website ${name}`);
    const next = serviceUpdate(current, site);
    if (!next) return;
    await api.update(next);
    this.log('service updated', { namespace, name, port: next.spec?.ports?.[0]?.port });
  }
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return `${err.code} ${err.reason}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
