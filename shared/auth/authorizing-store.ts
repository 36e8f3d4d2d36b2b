import type { ApiError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { EVENT_DEF } from '../api/resource-defs';
import type { BindRequest, CreateRequest, RemoteStoreApi, StoreResult, UpdateRequest } from '../apiserver/store-protocol';
import type { ComponentRequest } from './component-authorizer';

/** Decides one call: undefined to let it through, else the error it fails with. */
export type ComponentCheck = (r: ComponentRequest) => ApiError | undefined;

/** The node a kubelet's call is about: the Node or its Lease by name, a pod by its spec.nodeName, an Event by its source host. */
function nodeOf(def: ResourceDef, name: string, object?: KubeObject): string | undefined {
  if (def.plural === 'nodes' || def.plural === 'leases') return name || undefined;
  const o = object as { spec?: { nodeName?: string }; source?: { host?: string } } | undefined;
  return o?.spec?.nodeName ?? o?.source?.host;
}

/**
 * A store as one component may call it: every API call (get, list, watch, create, update, patch,
 * scale, bind, evict, delete, deletecollection, and each request of a batch) is checked first, as the
 * API server's authorization filter would check the same request over HTTP, and a denied one
 * returns its 403 Status (a batch: in its slot) without reaching the store. The store's own plumbing
 * (versions, namespace phases, IP and port allocation, ending watches, clock lag) is the API
 * server's, not a request, and passes through.
 */
export function authorizingStore(store: RemoteStoreApi, storeName: string, check: ComponentCheck): RemoteStoreApi {
  const namespace = storeName.startsWith('ns:') ? storeName.slice(3) : '';
  const ask = (verb: string, def: ResourceDef, name: string, subresource = '', object?: KubeObject): ApiError | undefined =>
    check({ verb, apiGroup: def.group, resource: def.plural, subresource, namespace: def.namespaced ? namespace : '', name, node: nodeOf(def, name, object) });
  const denied = <T>(e: ApiError): StoreResult<T> => ({ ok: false, status: e.toStatus() });
  const sub = (target: string) => (target === 'main' ? '' : target);
  const createCheck = (r: CreateRequest) => ask('create', r.def, '', '', r.object);
  const updateCheck = (r: UpdateRequest) => ask('update', r.def, r.name, sub(r.target), r.object);
  return {
    get: async (def, name) => {
      const e = ask('get', def, name);
      return e ? denied(e) : store.get(def, name);
    },
    getMany: async (def, names) => batch(names, (name) => ask('get', def, name), (allowed) => store.getMany(def, allowed)),
    list: async (req) => {
      const e = ask('list', req.def, '');
      return e ? denied(e) : store.list(req);
    },
    watch: async (req, id) => {
      const e = ask('watch', req.def, '');
      if (e) throw e;
      return store.watch(req, id);
    },
    create: async (req) => {
      const e = createCheck(req);
      return e ? denied(e) : store.create(req);
    },
    update: async (req) => {
      const e = updateCheck(req);
      return e ? denied(e) : store.update(req);
    },
    updateMany: async (reqs) => batch(reqs, updateCheck, (allowed) => store.updateMany(allowed)),
    createMany: async (reqs) => batch(reqs, createCheck, (allowed) => store.createMany(allowed)),
    ...(store.renewLeases ? { renewLeases: async (def, renewals) => batch(renewals, (r) => ask('update', def, r.name), (allowed) => store.renewLeases!(def, allowed)) } : {}),
    patch: async (req) => {
      const e = ask('patch', req.def, req.name, sub(req.target));
      return e ? denied(e) : store.patch(req);
    },
    getScale: async (def, name) => {
      const e = ask('get', def, name, 'scale');
      return e ? denied(e) : store.getScale(def, name);
    },
    updateScale: async (req) => {
      const e = ask('update', req.def, req.name, 'scale');
      return e ? denied(e) : store.updateScale(req);
    },
    bind: async (def, name, b, dryRun) => {
      const e = ask('create', def, name, 'binding');
      return e ? denied(e) : store.bind(def, name, b, dryRun);
    },
    // a binding's event is its own create of an Event: one the component may not create is left out, the binding goes
    bindMany: async (def, bindings) => batch(bindings, (b) => ask('create', def, b.name, 'binding'), (allowed) => store.bindMany(def, allowed.map((b) => withAllowedEvent(b, ask)))),
    evict: async (def, name, eviction, dryRun) => {
      const e = ask('create', def, name, 'eviction');
      return e ? denied(e) : store.evict(def, name, eviction, dryRun);
    },
    delete: async (req) => {
      const e = ask('delete', req.def, req.name);
      return e ? denied(e) : store.delete(req);
    },
    deleteCollection: async (req) => {
      const e = ask('deletecollection', req.def, '');
      return e ? denied(e) : store.deleteCollection(req);
    },
    currentVersion: () => store.currentVersion(),
    setNamespacePhase: (phase) => store.setNamespacePhase(phase),
    purge: () => store.purge(),
    namespacePhase: (ns) => store.namespacePhase(ns),
    allocateServiceIP: (owner, requested) => store.allocateServiceIP(owner, requested),
    releaseServiceIP: (ip) => store.releaseServiceIP(ip),
    allocateNodePorts: (owner, old, next, dryRun) => store.allocateNodePorts(owner, old, next, dryRun),
    releaseNodePorts: (ports) => store.releaseNodePorts(ports),
    stopWatch: (id) => store.stopWatch(id),
    clockLag: (host, lateMs) => store.clockLag(host, lateMs),
  };
}

/** A batch with its denied requests answered in place and the rest sent in one call. */
async function batch<R, T>(reqs: R[], check: (r: R) => ApiError | undefined, send: (allowed: R[]) => Promise<StoreResult<T>[]>): Promise<StoreResult<T>[]> {
  const errors = reqs.map(check);
  if (errors.every((e) => e === undefined)) return send(reqs);
  const allowed = reqs.filter((_, i) => errors[i] === undefined);
  const sent = allowed.length ? await send(allowed) : [];
  let j = 0;
  return errors.map((e) => (e ? { ok: false, status: e.toStatus() } : sent[j++]!));
}

/** A binding without its event when creating that Event is denied. */
function withAllowedEvent(b: BindRequest, ask: (verb: string, def: ResourceDef, name: string, subresource?: string, object?: KubeObject) => ApiError | undefined): BindRequest {
  if (!b.event || !ask('create', EVENT_DEF, '', '', b.event.object)) return b;
  const { event: _denied, ...binding } = b;
  return binding;
}
