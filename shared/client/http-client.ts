import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { Json, KubeObject, WatchEvent } from '../api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../api/registry';
import type * as C from './client';
import { responseError } from './http-errors';
import { PATCH_CONTENT_TYPE, queryString, resourcePath } from './http-paths';
import { resolveResource } from './resolve-resource';
import { ScopedResourceClient } from './scoped-resource-client';
import type { Scope, Transport } from './transport';
import { watchLines } from './watch-lines';

export interface HttpClientOptions {
  /** The API server's base URL, e.g. `https://kubeflare.example.workers.dev` (no trailing path needed). */
  server: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Defaults to the global fetch (Node 20, Workers); tests pass a stub. */
  fetch?: typeof fetch;
  /** Kinds `resource({group, version, plural})` knows; others are still served by URL. */
  resources?: readonly ResourceDef[];
  /** Field manager for writes that name none. */
  fieldManager?: string;
  userAgent?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The Client over Kubernetes REST: users, tests and the public TypeScript client. Non-2xx answers
 * are thrown as ApiError carrying the server's Status.
 * @example const c = new HttpClient({ ...loadKubeconfig(text) }); await c.resource(PODS).namespace('default').list();
 */
export class HttpClient implements C.Client {
  private readonly transport: HttpTransport;

  constructor(private readonly opts: HttpClientOptions) {
    this.transport = new HttpTransport(opts);
  }

  resource<T extends C.ObjectLike = KubeObject>(ref: C.ResourceRef): C.ResourceClient<T> {
    const { def, version, known } = resolveResource(ref, this.opts.resources ?? BUILTIN_RESOURCES, 'synthesize');
    return new ScopedResourceClient<T>(this.transport, def, version, undefined, known);
  }
}

class HttpTransport implements Transport {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: HttpClientOptions) {
    this.base = opts.server.replace(/\/+$/, '');
    // bound: a bare global fetch called as a method throws "Illegal invocation" in Workers
    this.fetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  get(s: Scope, name: string): Promise<KubeObject> {
    return this.json('GET', resourcePath(s, name));
  }

  list(s: Scope, o: C.ListOptions): Promise<C.ObjectList<KubeObject>> {
    const { labelSelector, fieldSelector, limit, resourceVersion, resourceVersionMatch } = o;
    return this.json('GET', resourcePath(s), { labelSelector, fieldSelector, limit, continue: o.continue, resourceVersion, resourceVersionMatch });
  }

  async *watch(s: Scope, o: C.WatchOptions): AsyncGenerator<WatchEvent> {
    const query = {
      watch: true,
      resourceVersion: o.resourceVersion,
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      allowWatchBookmarks: o.allowWatchBookmarks,
      timeoutSeconds: o.timeoutSeconds,
    };
    let res: Response;
    try {
      res = await this.send('GET', resourcePath(s) + queryString(query), undefined, undefined, o.signal);
    } catch (e) {
      if (o.signal?.aborted) return;
      throw e;
    }
    if (!res.body) return;
    yield* watchLines(res.body, o.signal);
  }

  create(s: Scope, obj: KubeObject, o: C.WriteOptions): Promise<KubeObject> {
    return this.json('POST', resourcePath(s), this.writeQuery(o), obj);
  }

  update(s: Scope, name: string, obj: KubeObject, target: 'main' | 'status', o: C.WriteOptions): Promise<KubeObject> {
    return this.json('PUT', resourcePath(s, name, target === 'status' ? 'status' : undefined), this.writeQuery(o), obj);
  }

  patch(s: Scope, name: string, type: C.PatchType, body: Json, o: C.PatchOptions): Promise<KubeObject> {
    // a force flag is only legal on apply patches (upstream rejects it otherwise)
    const query = { ...this.writeQuery(o), force: type === 'apply' && o.force ? true : undefined };
    return this.json('PATCH', resourcePath(s, name, o.subresource), query, body, PATCH_CONTENT_TYPE[type]);
  }

  delete(s: Scope, name: string, o: C.DeleteOptions): Promise<KubeObject> {
    return this.json('DELETE', resourcePath(s, name), {}, deleteOptions(o));
  }

  deleteCollection(s: Scope, o: C.DeleteCollectionOptions): Promise<C.ObjectList<KubeObject>> {
    return this.json('DELETE', resourcePath(s), { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector }, deleteOptions(o));
  }

  getScale(s: Scope, name: string): Promise<Scale> {
    return this.json('GET', resourcePath(s, name, 'scale'));
  }

  updateScale(s: Scope, name: string, scale: Scale, o: C.WriteOptions): Promise<Scale> {
    return this.json('PUT', resourcePath(s, name, 'scale'), this.writeQuery(o), scale);
  }

  async bind(s: Scope, name: string, binding: KubeObject, dryRun: boolean): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'Binding', ...binding, metadata: { name, ...binding.metadata } };
    await this.json('POST', resourcePath(s, name, 'binding'), { dryRun: dryRun ? 'All' : undefined }, body);
  }

  async evict(s: Scope, name: string, eviction: KubeObject, dryRun: boolean): Promise<void> {
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', ...eviction, metadata: { name, namespace: s.namespace, ...eviction.metadata } };
    await this.json('POST', resourcePath(s, name, 'eviction'), { dryRun: dryRun ? 'All' : undefined }, body);
  }

  private writeQuery(o: C.WriteOptions): Query {
    return { dryRun: o.dryRun ? 'All' : undefined, fieldManager: o.fieldManager ?? this.opts.fieldManager, fieldValidation: o.fieldValidation };
  }

  private async json<R>(method: string, path: string, query: Query = {}, body?: unknown, contentType = 'application/json'): Promise<R> {
    const res = await this.send(method, path + queryString(query), body, contentType);
    return (await res.json()) as R;
  }

  /** One request; a non-2xx answer is thrown as the ApiError of its Status body. */
  private async send(method: string, pathAndQuery: string, body?: unknown, contentType?: string, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    // a network failure is not an API answer: it propagates as fetch threw it, as client-go's url.Error does
    const res = await this.fetch(this.base + pathAndQuery, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    if (res.status < 200 || res.status > 299) throw responseError(res.status, method, await res.text());
    return res;
  }
}

function deleteOptions(o: C.DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.propagationPolicy) body.propagationPolicy = o.propagationPolicy;
  if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.preconditions) body.preconditions = o.preconditions;
  if (o.dryRun) body.dryRun = ['All'];
  return body;
}
