import type { ObjectLike } from './client';
import { matchesLabels, parseLabelSelector } from '../selectors';

/** Computes the index values of an object (client-go IndexFunc). */
export type IndexFunc<T> = (obj: T) => string[];

/** The built-in index of objects by namespace (client-go's NamespaceIndex). */
export const NAMESPACE_INDEX = 'namespace';
/** The built-in index of objects by each `key=value` label. */
export const LABELS_INDEX = 'labels';

/** client-go's MetaNamespaceKeyFunc: `namespace/name`, or `name` for cluster-scoped objects. */
export function metaNamespaceKey(obj: ObjectLike): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export const namespaceIndexFunc: IndexFunc<ObjectLike> = (obj) => [obj.metadata?.namespace ?? ''];

export const labelsIndexFunc: IndexFunc<ObjectLike> = (obj) => Object.entries(obj.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);

/** Read access to an informer's cache, as client-go listers give it. */
export interface Lister<T> {
  /** Objects matching a label selector string (all when omitted). */
  list(labelSelector?: string): T[];
  get(name: string): T | undefined;
  namespace(ns: string): Omit<Lister<T>, 'namespace'>;
}

/**
 * A local object cache keyed by `namespace/name`, with named indexes (client-go's Indexer).
 * Objects are shared with every handler: treat them as read-only (structuredClone to modify).
 * @example indexer.byIndex(NAMESPACE_INDEX, 'default'); indexer.byIndex(LABELS_INDEX, 'app=web')
 */
export class Indexer<T extends ObjectLike> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexers({ [NAMESPACE_INDEX]: namespaceIndexFunc, [LABELS_INDEX]: labelsIndexFunc, ...indexers });
  }

  /** Adds indexes; existing objects are indexed at once. A name already in use throws. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
    }
  }

  /** Inserts or replaces an object, re-indexing it. */
  upsert(obj: T): void {
    const key = metaNamespaceKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) addToIndex(this.indices.get(name)!, fn(obj), key);
  }

  /** Removes the object stored under `key`; returns it. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index `name` yields `value`. Unknown index names throw, as in client-go. */
  byIndex(name: string, value: string): T[] {
    return this.indexKeys(name, value).map((k) => this.items.get(k)!);
  }

  indexKeys(name: string, value: string): string[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`Index with name ${name} does not exist`);
    return [...(index.get(value) ?? [])];
  }

  /** Every value index `name` currently holds. */
  listIndexFuncValues(name: string): string[] {
    return [...(this.indices.get(name)?.keys() ?? [])];
  }

  /** A lister over this cache, optionally narrowed by namespace and label selector. */
  lister(): Lister<T> {
    const select = (objs: T[], selector?: string): T[] => {
      if (!selector) return objs;
      const reqs = parseLabelSelector(selector);
      return objs.filter((o) => matchesLabels(reqs, o.metadata?.labels));
    };
    return {
      list: (selector) => select(this.list(), selector),
      get: (name) => this.get(name),
      namespace: (ns) => ({
        list: (selector) => select(this.byIndex(NAMESPACE_INDEX, ns), selector),
        get: (name) => this.get(`${ns}/${name}`),
      }),
    };
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const keys = index.get(v);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(v);
      }
    }
  }
}

function addToIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const v of values) {
    let keys = index.get(v);
    if (!keys) index.set(v, (keys = new Set()));
    keys.add(key);
  }
}
