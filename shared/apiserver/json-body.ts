import { badRequest, type ApiError } from '../api/errors';
import type { KubeObject } from '../api/object';

/**
 * Decoding a JSON request body as upstream's decoders do, with the nesting limits the runtime needs.
 * Pure: the Worker decodes bodies with these, and a store decodes a create's JSON text sent as is
 * (text-create.ts) with the same functions, so either answers the same Status.
 */

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

/** The depth limits for a value decoded from YAML (block nesting has no brackets to count). */
export function checkValueDepth(value: unknown): void {
  const depth = valueDepth(value);
  if (depth > MAX_JSON_DEPTH) throw badRequest(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_JSON_DEPTH}`);
  if (depth > MAX_STORED_DEPTH) throw tooDeepToStore(depth);
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

/** A decoded body that must be an object (not an array, a string or null), as upstream's decoder requires. */
export function requireObject(value: unknown, text: string): KubeObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Object \'Kind\' is missing in \'' + text.slice(0, 200) + '\'');
  }
  return value as KubeObject;
}

/** An object body sent as JSON text. */
export function jsonObject(text: string): KubeObject {
  return requireObject(parseJson(text), text);
}
