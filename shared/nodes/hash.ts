/**
 * Deterministic pseudo-identifiers (container IDs, image digests, jitter) derived from stable
 * inputs, so that replaying a simulation gives byte-identical objects.
 */

/** 32-bit FNV-1a of a string. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `length` lowercase hex digits derived from `s` (chained FNV rounds). */
export function hexDigest(s: string, length = 64): string {
  let out = '';
  let h = fnv1a(s);
  while (out.length < length) {
    h = fnv1a(`${out.length}:${s}`, h);
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** A number in [0, 1) derived from `s`. */
export function unitHash(s: string): number {
  return fnv1a(s) / 2 ** 32;
}
