/**
 * The tag upstream's parsers.ParseImageName finds: the explicit tag, "" when only a digest is
 * given or the reference does not parse, and "latest" when there is neither tag nor digest.
 */
export function imageTag(image: string): string {
  if (!image || /\s/.test(image)) return '';
  const at = image.indexOf('@');
  const hasDigest = at >= 0;
  const name = hasDigest ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  const repo = colon > slash ? name.slice(0, colon) : name;
  // The repository path (after an optional registry host) must be lowercase to parse.
  const firstSlash = repo.indexOf('/');
  const host = firstSlash >= 0 ? repo.slice(0, firstSlash) : '';
  const path = host && /[.:]|^localhost$/.test(host) ? repo.slice(firstSlash + 1) : repo;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return '';
  if (tag && !/^[\w][\w.-]{0,127}$/.test(tag)) return '';
  return tag || (hasDigest ? '' : 'latest');
}

/** SetDefaults_Container's rule: `Always` for `:latest` (or no tag), else `IfNotPresent`. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}
