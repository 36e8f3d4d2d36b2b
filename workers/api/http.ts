import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, type Status } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { decodeKubernetesProtobuf } from '../../shared/protobuf';

/** Upstream's limit on request bodies (k8s.io/apiserver: 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export const JSON_TYPE = 'application/json';

const urls = new WeakMap<Request, URL>();

/**
 * The request's URL, parsed once per request: the entry point, the router, authorization, APF and
 * the resource handler all read it. Read-only: copy it (`new URL(url)`) to change it.
 */
export function requestUrl(request: Request): URL {
  let url = urls.get(request);
  if (!url) urls.set(request, (url = new URL(request.url)));
  return url;
}
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

/** One decoder for every body (decoding without `stream` keeps no state between calls). */
const utf8 = new TextDecoder();

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

export function statusResponse(status: Status, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { ...headers };
  if (status.details?.retryAfterSeconds) extra['retry-after'] = String(status.details.retryAfterSeconds);
  return json(status, status.code, extra);
}

export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError) return statusResponse(e.toStatus());
  const message = e instanceof Error ? e.message : String(e);
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', error: message, stack: e instanceof Error ? e.stack : undefined }));
  return statusResponse(new ApiError(500, 'InternalError', `Internal error occurred: ${message}`).toStatus());
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a request body, refusing more than 3 MiB with upstream's 413. */
export async function readBodyBytes(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const buf = new Uint8Array(await request.arrayBuffer());
  if (buf.byteLength > MAX_BODY_BYTES) throw tooLarge();
  return buf;
}

function tooLarge(): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`);
}

/** Decodes an object body: JSON, YAML or Kubernetes protobuf. */
export async function readObject(request: Request): Promise<KubeObject> {
  const bytes = await readBodyBytes(request);
  const type = mediaType(request.headers.get('content-type'));
  if (type === PROTOBUF_TYPE) return decodeKubernetesProtobuf(bytes);
  const text = utf8.decode(bytes);
  let value: unknown;
  if (type === '' || type === JSON_TYPE || type === '*/*') value = parseJson(text);
  else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') value = parseYamlBody(text);
  else throw unsupportedMediaType(type, [JSON_TYPE, 'application/yaml', PROTOBUF_TYPE]);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Object \'Kind\' is missing in \'' + text.slice(0, 200) + '\'');
  }
  return value as KubeObject;
}

/** Upstream's JSON decoders (encoding/json, sigs.k8s.io/json) refuse documents nested deeper than this. */
export const MAX_JSON_DEPTH = 10_000;

/**
 * The deepest body Kubeflare takes. Objects cross the Worker → Durable Object RPC boundary and the
 * store's pipeline by recursion, and workerd's stack overflows somewhere between 2,000 (objects)
 * and 4,000 (arrays) levels: a body deeper than this is refused up front instead of failing
 * half-way with a 500. Real objects nest a few dozen levels.
 */
export const MAX_STORED_DEPTH = 1_000;

/**
 * Refuses JSON text nested deeper than MAX_STORED_DEPTH: beyond MAX_JSON_DEPTH with upstream's
 * scanner message, below it with one that names Kubeflare's limit. A scan without recursion, so a
 * hostile body cannot exhaust the stack before it is refused; strings are skipped so brackets
 * inside them do not count.
 */
export function checkJsonDepth(text: string): void {
  // every level opens with a bracket: a text this short cannot nest deeper than the limit
  if (text.length <= MAX_STORED_DEPTH) return;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest(`couldn't get version/kind; json parse error: invalid character '${text[i]!}' exceeded max depth`);
      if (depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  if (max > MAX_STORED_DEPTH) throw tooDeepToStore(max);
}

function tooDeepToStore(depth: number): ApiError {
  return badRequest(
    `the request body is nested ${depth} levels deep; this server takes at most ${MAX_STORED_DEPTH} levels ` +
      `(kube-apiserver: ${MAX_JSON_DEPTH}; the Workers runtime's stack cannot carry more)`,
  );
}

/** The nesting depth of a decoded value, measured without recursion. */
export function valueDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  checkJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding the request body: ${(e as Error).message}`);
  }
}

function parseYamlBody(text: string): unknown {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  // YAML flow collections nest like JSON; block ones by indentation: measure the decoded value
  checkValueDepth(value);
  return value;
}

/** The depth limits for a value decoded from YAML (block nesting has no brackets to count). */
export function checkValueDepth(value: unknown): void {
  const depth = valueDepth(value);
  if (depth > MAX_JSON_DEPTH) throw badRequest(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_JSON_DEPTH}`);
  if (depth > MAX_STORED_DEPTH) throw tooDeepToStore(depth);
}

export function unsupportedMediaType(type: string, accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format${type ? ` (${type})` : ''} - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** kubectl asks for server-side tables with `as=Table` in Accept. */
export function wantsTable(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  // most clients ask for plain JSON: no media range to split
  if (!accept.includes('as=Table')) return false;
  return accept.split(',').some((part) => /;\s*as=Table/.test(part));
}

export function wantsAggregatedDiscovery(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.split(',').some((p) => p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2') && p.includes('as=APIGroupDiscoveryList'));
}
