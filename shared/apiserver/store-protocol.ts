import type { Status } from '../api/errors';
import type { Json, KubeObject, StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import type { PropagationPolicy, UpdateTarget } from './object-meta';
import type { NodePortAllocation } from './node-port';
import type { LeaseRenewal, RenewedLease } from './lease-renewal';

/**
 * The typed RPC contract between the API worker (and in-cluster components) and the stores.
 * Results are values, not thrown errors, so a Status survives the RPC boundary intact.
 */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; status: Status };

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  /** The API version the client spoke, for managedFields and conversion. */
  version: string;
}

export interface ListRequest {
  def: ResourceDef;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  /**
   * The whole response comes back in `body` as text around the items' stored JSON (and `items` is
   * empty): for a response that serves them as stored (conversion.ts servedAsStored, no Table), so
   * nobody parses and re-serializes them and one string crosses the RPC.
   */
  asJson?: boolean;
}

export interface ListResult {
  items: StoredObject[];
  /** With `asJson`: the list response as text (list-text.ts listText). */
  body?: string;
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchRequest {
  def: ResourceDef;
  labelSelector?: string;
  fieldSelector?: string;
  /** Replay events after this counter; '' or '0' starts with ADDED for every current object. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  /** For cross-store merges: tag every event with the store name. */
  bookmarkIntervalMs?: number;
}

export type { UpdateTarget };

export interface CreateRequest extends WriteOptions {
  def: ResourceDef;
  object: KubeObject;
}

/**
 * A create served as stored, its JSON body as the client sent it (ApiStoreApi.createJson): the store
 * decodes it (text-create.ts), so neither the object nor a built-in kind's definition is
 * structured-cloned over RPC.
 */
export interface TextCreateRequest extends WriteOptions {
  /** A built-in kind by its key (registry.ts builtinKeyOf), or the definition of any other. */
  def: ResourceDef | string;
  /** The request body, JSON. */
  text: string;
}

export interface UpdateRequest extends WriteOptions {
  def: ResourceDef;
  name: string;
  object: KubeObject;
  target: UpdateTarget;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchRequest extends WriteOptions {
  def: ResourceDef;
  name: string;
  patchType: PatchType;
  patch: Json;
  target: UpdateTarget | 'scale';
  force?: boolean;
}

export interface ScaleUpdateRequest extends WriteOptions {
  def: ResourceDef;
  name: string;
  scale: KubeObject;
}

/** One pods/binding write of a bindMany. */
export interface BindRequest {
  name: string;
  binding: KubeObject;
  /**
   * A core/v1 Event to create once this binding is written (the scheduler's Scheduled), in the same
   * batch: its own write, resourceVersion and watch event, right after the binding's. A binding refused
   * writes no event; an event refused leaves its binding written (events are best effort, as upstream's
   * recorder drops what it cannot write).
   */
  event?: { object: KubeObject; fieldManager?: string };
}

export interface DeleteRequest {
  def: ResourceDef;
  name: string;
  dryRun?: boolean;
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  object: StoredObject;
  /** False when finalizers keep the object (it is only marked with deletionTimestamp). */
  removed: boolean;
}

export interface DeleteCollectionRequest extends Omit<DeleteRequest, 'name' | 'preconditions'> {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WriteResult {
  object: StoredObject;
  created?: boolean;
  warnings?: string[];
}

/** A create answered with the object's JSON text instead of the object (ApiStoreApi.createJson). */
export interface JsonWriteResult {
  /** The created object as the store wrote it (or, for a dry run, would have). */
  json: string;
  warnings?: string[];
}

/**
 * A store reached over Durable Object RPC. Its watch streams are ended by name, from the store's side:
 * workerd reports a consumer's cancel of a stream returned over RPC as an uncaught "Network connection
 * lost" in the store (cloudflare/workers-sdk#11071), so consumers stop a watch and read it to its end.
 */
export interface RemoteStoreApi extends StoreApi {
  /** Ends the watch opened with `id`: its stream closes from the store's side. */
  stopWatch(id: string): Promise<void>;
  /** Cluster store: a controller host ran `lateMs` of cluster time late (the clock may slow down). */
  clockLag(host: string, lateMs: number): Promise<void>;
}

/** The store as the API Worker reaches it: what other components reach, and the calls only the API makes. */
export interface ApiStoreApi extends RemoteStoreApi {
  /**
   * A create whose response is served as stored: the store answers with the text it wrote, so the
   * object is neither structured-cloned back nor serialized again by the Worker.
   */
  createJson(req: CreateRequest | TextCreateRequest): Promise<StoreResult<JsonWriteResult>>;
  /** A get whose response is served as stored: the object's stored JSON text, passed through as the body. */
  getJson(def: ResourceDef, name: string): Promise<StoreResult<string>>;
}

/** The RPC surface of a store, as the API worker and in-cluster components call it. */
export interface StoreApi {
  get(def: ResourceDef, name: string): Promise<StoreResult<StoredObject>>;
  /** Several gets in one call (one result each, in order; 404 for a name not stored): the scheduler's reads of new pods. */
  getMany(def: ResourceDef, names: string[]): Promise<StoreResult<StoredObject>[]>;
  list(req: ListRequest): Promise<StoreResult<ListResult>>;
  /** `id` names the watch, for a store reached over RPC to end it (RemoteStoreApi.stopWatch). */
  watch(req: WatchRequest, id?: string): Promise<ReadableStream<Uint8Array>>;
  currentVersion(): Promise<number>;
  create(req: CreateRequest): Promise<StoreResult<WriteResult>>;
  update(req: UpdateRequest): Promise<StoreResult<WriteResult>>;
  /** Several updates in one call (one result each, in order): heartbeats write a shard's Leases at once. */
  updateMany(reqs: UpdateRequest[]): Promise<StoreResult<WriteResult>[]>;
  /** Several creates in one call (one result each, in order): the kubelets write a batch's Events at once. */
  createMany(reqs: CreateRequest[]): Promise<StoreResult<WriteResult>[]>;
  /** Lease renewals in one call (one result each, in order; each its own write), cheaper than updateMany; the in-memory store has none. */
  renewLeases?(def: ResourceDef, renewals: LeaseRenewal[]): Promise<StoreResult<RenewedLease>[]>;
  patch(req: PatchRequest): Promise<StoreResult<WriteResult>>;
  getScale(def: ResourceDef, name: string): Promise<StoreResult<KubeObject>>;
  updateScale(req: ScaleUpdateRequest): Promise<StoreResult<KubeObject>>;
  bind(def: ResourceDef, name: string, binding: KubeObject, dryRun?: boolean): Promise<StoreResult<StoredObject>>;
  /** Several bindings in one call (one result each, in order; each its own write): a scheduler cycle's. */
  bindMany(def: ResourceDef, bindings: BindRequest[]): Promise<StoreResult<StoredObject>[]>;
  evict(def: ResourceDef, name: string, eviction: KubeObject, dryRun?: boolean): Promise<StoreResult<boolean>>;
  delete(req: DeleteRequest): Promise<StoreResult<DeleteResult>>;
  deleteCollection(req: DeleteCollectionRequest): Promise<StoreResult<ListResult>>;
  setNamespacePhase(phase: 'Unknown' | 'Active' | 'Terminating' | 'Gone'): Promise<void>;
  purge(): Promise<number>;
  namespacePhase(namespace: string): Promise<'Unknown' | 'Active' | 'Terminating' | 'Gone'>;
  allocateServiceIP(owner: string, requested?: string): Promise<StoreResult<string>>;
  releaseServiceIP(ip: string): Promise<void>;
  allocateNodePorts(owner: string, old: KubeObject | null, next: KubeObject, dryRun: boolean): Promise<StoreResult<NodePortAllocation>>;
  releaseNodePorts(ports: number[]): Promise<void>;
}
