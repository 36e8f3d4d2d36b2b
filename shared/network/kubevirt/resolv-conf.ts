// How virt-launcher reads the pod's /etc/resolv.conf for the DHCP server (pkg/network/dns/resolveconf.go).

const DEFAULT_DNS = '8.8.8.8';
const DEFAULT_SEARCH_DOMAIN = 'cluster.local';
// KubeVirt's pattern: the first dotted quad-ish run on a `nameserver` line ("([0-9]{1,3}.?){4}")
const NAMESERVER = /([0-9]{1,3}.?){4}/;

/** ParseNameservers: IPv4 nameservers in order (malformed lines skipped); none → 8.8.8.8. */
export function parseNameservers(content: string): string[] {
  const out: string[] = [];
  for (const line of content.split('\n')) {
    if (!line.startsWith('nameserver')) continue;
    const m = NAMESERVER.exec(line);
    if (m) out.push(m[0]);
  }
  return out.length ? out : [DEFAULT_DNS];
}

/** ParseSearchDomains: every `search` line's domains, lower-cased, in order; none → cluster.local. */
export function parseSearchDomains(content: string): string[] {
  const out: string[] = [];
  for (const line of content.split('\n')) {
    if (!line.startsWith('search')) continue;
    for (const d of line.slice('search'.length).split(/\s+/).filter(Boolean)) out.push(d.toLowerCase());
  }
  return out.length ? out : [DEFAULT_SEARCH_DOMAIN];
}
