import { ApiError } from '../api/errors';

/**
 * etcd's default --max-request-bytes (1.5 MiB): the largest object kube-apiserver can store.
 * Kubeflare measures the object's JSON as it stores it. etcd sees protobuf for built-in kinds
 * (smaller than JSON) and JSON for custom resources, so a built-in object just under etcd's limit
 * may be refused here; anything refused by etcd is refused here too.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** etcd's message for a write over --max-request-bytes (rpctypes.ErrRequestTooLarge). */
export const REQUEST_TOO_LARGE = 'etcdserver: request is too large';

/**
 * UTF-8 length of a string, without encoding it: what TextEncoder (and Go, for a decoded JSON
 * string) counts. A surrogate pair is 4 bytes; a lone surrogate becomes U+FFFD, 3 bytes.
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Whether texts together take at most `max` UTF-8 bytes. The usual small object is decided from
 * its length alone (a UTF-16 unit is at most 3 UTF-8 bytes), so only large ones are scanned.
 */
export function fitsBytes(max: number, ...texts: string[]): boolean {
  let units = 0;
  for (const t of texts) units += t.length;
  if (units * 3 <= max) return true;
  if (units > max) return false;
  let bytes = 0;
  for (const t of texts) bytes += utf8Length(t);
  return bytes <= max;
}

/**
 * Refuses to store an object whose JSON is over MAX_OBJECT_BYTES, as etcd refuses the write.
 * Upstream passes etcd's error through as a 500 with no reason (ErrorToAPIStatus of a non-Status
 * error; kubernetes/kubernetes#112152 is open to map it to a client error). The request is what is
 * too large, and the API must not answer 5xx for bad input, so this answers 413
 * RequestEntityTooLarge with etcd's message. Thrown before anything is written.
 */
export function checkStoredSize(json: string): void {
  if (!fitsBytes(MAX_OBJECT_BYTES, json)) throw new ApiError(413, 'RequestEntityTooLarge', REQUEST_TOO_LARGE);
}
