import type { Container, Node } from 'kubernetes-types/core/v1';
import { hexDigest } from './hash';

/**
 * Image references as containerd reports them: `nginx` → `docker.io/library/nginx:latest`,
 * `me/app:1` → `docker.io/me/app:1`; references with a registry or digest are kept.
 */
export function normalizeImage(image: string): string {
  let ref = image;
  const firstSlash = ref.indexOf('/');
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) ref = `docker.io/${firstSlash < 0 ? `library/${ref}` : ref}`;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!ref.includes('@') && !lastPart.includes(':')) ref += ':latest';
  return ref;
}

/** The repo-digest containerd reports as imageID (`docker.io/library/nginx@sha256:…`), derived deterministically. */
export function imageID(image: string): string {
  const n = normalizeImage(image);
  if (n.includes('@')) return n;
  return `${n.slice(0, n.lastIndexOf(':'))}@sha256:${hexDigest(`image/${n}`)}`;
}

/** The node's status.images entry for `image`, if the node has it. */
export function nodeImage(node: Node, image: string) {
  const n = normalizeImage(image);
  return node.status?.images?.find((i) => (i.names ?? []).some((x) => x === image || normalizeImage(x) === n));
}

/** The pull policy kubelet applies: the spec's, else Always for `:latest`/untagged images, else IfNotPresent. */
export function pullPolicy(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy === 'Always' || c.imagePullPolicy === 'IfNotPresent' || c.imagePullPolicy === 'Never') return c.imagePullPolicy;
  return normalizeImage(c.image ?? '').endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/** Image size used when neither the node nor the profile knows it (50 MB). */
export const DEFAULT_IMAGE_SIZE_BYTES = 50_000_000;
