import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { canonicalJson } from './template-equality';

/** The alphabet of k8s.io/apimachinery/pkg/util/rand (no vowels, no confusable digits). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-32a (hash/fnv New32a) of `bytes`, continuing from `seed`. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** rand.SafeEncodeString: each character mapped into the vowel-free alphabet, so hashes never spell words. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) as number) % ALPHANUMS.length];
  return out;
}

/**
 * controller.ComputeHash: FNV-32a over the template, then collisionCount as 8 little-endian bytes,
 * rendered as SafeEncodeString(decimal). Upstream feeds Go's spew dump of the struct; we feed the
 * canonical JSON (sorted keys, empty values dropped), so values differ from a real cluster's but are
 * as stable and change exactly when the template does.
 * @example computeHash(template, undefined) // e.g. '5d4f7c8b9'
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number | null): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
