// Ports of upstream printService (with getServiceExternalIP, makePortString) and printEndpoints.
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import { formatLabels, int } from './format';
import type { Printer, PrintedRow } from './types';

/** Columns and cells for v1 Service: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR. */
export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'ServiceSpec.type'),
    column('Cluster-IP', 'string', 'ServiceSpec.clusterIP'),
    column('External-IP', 'string', 'ServiceSpec.externalIPs'),
    column('Port(s)', 'string', 'ServiceSpec.ports'),
    AGE_COLUMN,
    column('Selector', 'string', 'ServiceSpec.selector', { priority: 1 }),
  ],
  print: (obj, now) => printService(obj as Service, now),
};

function printService(svc: Service, now: number): PrintedRow {
  // Defaulting guarantees a type upstream; an undefaulted object prints the same as a defaulted one.
  const type = svc.spec?.type || 'ClusterIP';
  // v1→internal conversion fills clusterIPs from the legacy clusterIP field.
  const clusterIP = svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>';
  return {
    cells: [
      svc.metadata?.name ?? '',
      type,
      clusterIP,
      externalIP(svc, type),
      portString(svc) || '<none>',
      age(svc, now),
      formatLabels(svc.spec?.selector),
    ],
  };
}

/** getServiceExternalIP with wide=true: the server never clips the load-balancer list. */
function externalIP(svc: Service, type: string): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc);
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** loadBalancerStatusStringer: a sorted set of ingress IPs (or hostnames when no IP). */
function loadBalancerIngress(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

function portString(svc: Service): string {
  return (svc.spec?.ports ?? [])
    .map((p) => {
      const protocol = p.protocol || 'TCP';
      return int(p.nodePort) > 0 ? `${int(p.port)}:${int(p.nodePort)}/${protocol}` : `${int(p.port)}/${protocol}`;
    })
    .join(',');
}

/** Columns and cells for v1 Endpoints: NAME ENDPOINTS AGE. */
export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, column('Endpoints', 'string', 'Endpoints.subsets'), AGE_COLUMN],
  print: (obj, now) => {
    const ep = obj as Endpoints;
    return { cells: [ep.metadata?.name ?? '', formatEndpoints(ep), age(ep, now)] };
  },
};

/** formatEndpoints with ports=nil: up to three `ip:port`, then " + N more...". */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    // Headless services may have no ports: list bare IPs.
    const perPort: Array<number | undefined> = ports.length === 0 ? [undefined] : ports.map((p) => int(p.port));
    for (const port of perPort) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port === undefined ? addr.ip : joinHostPort(addr.ip, port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

// net.JoinHostPort brackets IPv6 hosts.
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
