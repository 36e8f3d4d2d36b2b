import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import { safeEncodeString } from '../hash';
import { revisionRaw } from './revision-data';

/** history.ControllerRevisionHashLabel: the hash of a revision's data, on the revision itself. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** FNV-32 (hash/fnv New32: multiply, then xor — not the 32a order the pod-template hash uses) of `bytes`. */
export function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/**
 * history.HashControllerRevision: FNV-32 over the revision's raw data, then the decimal collision count
 * (when given), rendered with SafeEncodeString. The raw data is Go's encoding of the patch (sorted keys),
 * so a template hashes as upstream's controller hashes the same bytes.
 * @example hashControllerRevision(rev, 0) // e.g. '6b5c8d9f4'
 */
export function hashControllerRevision(revision: Pick<ControllerRevision, 'data'>, probe?: number | null): string {
  const enc = new TextEncoder();
  let h = fnv32(enc.encode(revisionRaw(revision.data)));
  if (probe !== undefined && probe !== null) h = fnv32(enc.encode(String(Math.trunc(probe))), h);
  return safeEncodeString(String(h));
}

/** history.ControllerRevisionName: `prefix-hash`, the prefix cut to 223 bytes so the name fits 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}
