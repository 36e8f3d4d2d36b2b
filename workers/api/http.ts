import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, type Status } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { decodeKubernetesProtobuf } from '../../shared/protobuf';
import { checkValueDepth, jsonObject, requireObject } from '../../shared/apiserver/json-body';

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

/** The media types a body is read as JSON text for. */
function isJsonType(type: string): boolean {
  return type === '' || type === JSON_TYPE || type === '*/*';
}

/**
 * A request body for an object: its JSON text as sent (for a JSON media type; `jsonObject` decodes it,
 * here or in the store), or the object decoded from YAML or Kubernetes protobuf.
 */
export async function readBody(request: Request): Promise<string | KubeObject> {
  const bytes = await readBodyBytes(request);
  const type = mediaType(request.headers.get('content-type'));
  if (type === PROTOBUF_TYPE) return decodeKubernetesProtobuf(bytes);
  const text = utf8.decode(bytes);
  if (isJsonType(type)) return text;
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') return requireObject(parseYamlBody(text), text);
  throw unsupportedMediaType(type, [JSON_TYPE, 'application/yaml', PROTOBUF_TYPE]);
}

/** Decodes an object body: JSON, YAML or Kubernetes protobuf. */
export async function readObject(request: Request): Promise<KubeObject> {
  const body = await readBody(request);
  return typeof body === 'string' ? jsonObject(body) : body;
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
