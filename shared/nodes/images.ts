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

// github.com/distribution/reference's grammar (regexp.go), which the kubelet parses references with.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Why the kubelet cannot parse `image` (reference.ParseNormalizedNamed, wrapped as parsers.ParseImageName
 * and applyDefaultImageTag wrap it); undefined for a valid reference. The text is the InspectFailed
 * event's and the InvalidImageName status message's.
 *
 * @example invalidImageMessage('nginx:1.27!') // 'Failed to apply default image tag "nginx:1.27!": couldn\'t parse image name "nginx:1.27!": invalid reference format'
 */
export function invalidImageMessage(image: string): string | undefined {
  const error = referenceError(image);
  return error === undefined ? undefined : `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error}`;
}

function referenceError(s: string): string | undefined {
  if (/^[a-f0-9]{64}$/.test(s)) return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const slash = s.indexOf('/');
  const first = slash < 0 ? '' : s.slice(0, slash);
  const defaultDomain = slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first);
  let domain = defaultDomain ? 'docker.io' : first;
  let remainder = defaultDomain ? s : s.slice(slash + 1);
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) return full === '' ? 'repository name must have at least one component' : 'invalid reference format';
  if (m[1]!.length > 255) return 'repository name must not be more than 255 characters';
  if (m[3]) {
    const [algorithm, hex] = m[3].split(':') as [string, string];
    const want = DIGEST_HEX_LENGTH[algorithm];
    if (want === undefined) return 'unsupported digest algorithm';
    if (hex.length !== want) return 'invalid checksum digest length';
    if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format';
  }
  return undefined;
}
