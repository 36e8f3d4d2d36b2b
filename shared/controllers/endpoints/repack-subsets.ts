// Port of pkg/api/v1/endpoints RepackSubsets and SortSubsets.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1';

/** A port as the map key upstream uses (the whole EndpointPort struct); the sentinel -1 stands for "no ports". */
function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null]);
}

/** addressKey: ip and target uid, so identical IPs from different pods stay apart. */
function addressKey(a: EndpointAddress): string {
  return JSON.stringify([a.ip, a.targetRef?.uid ?? '']);
}

/**
 * RepackSubsets: the N-to-M form the API wants. Each distinct port maps to the addresses offering
 * it (not-ready trumps ready for the same address and port); addresses offering the same set of
 * ports share a subset. The result is sorted (SortSubsets) so equal contents compare equal.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  const record = (addr: EndpointAddress, port: EndpointPort | undefined, ready: boolean) => {
    const ak = addressKey(addr);
    if (!addresses.has(ak)) addresses.set(ak, addr);
    const pk = port ? portKey(port) : 'sentinel';
    let entry = byPort.get(pk);
    if (!entry) byPort.set(pk, (entry = { port, ready: new Map() }));
    const was = entry.ready.get(ak);
    if (was === undefined || was) entry.ready.set(ak, ready);
  };
  for (const ss of subsets) {
    const ports: (EndpointPort | undefined)[] = ss.ports?.length ? ss.ports : [undefined];
    for (const port of ports) {
      for (const a of ss.addresses ?? []) record(a, port, true);
      for (const a of ss.notReadyAddresses ?? []) record(a, port, false);
    }
  }
  // group ports by the exact set of (address, readiness) that offers them
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = JSON.stringify([...ready.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ready, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [ak, isReady] of g.ready) (isReady ? ready : notReady).push(addresses.get(ak)!);
    const subset: EndpointSubset = {};
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (g.ports.length) subset.ports = g.ports;
    out.push(subset);
  }
  return sortSubsets(out);
}

/**
 * SortSubsets: addresses by IP then target uid; ports and subsets in one fixed order. Upstream orders
 * ports and subsets by a hash of their contents; any fixed order serves the purpose (stable writes).
 */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const byIP = (a: EndpointAddress, b: EndpointAddress) => compare(a.ip, b.ip) || compare(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
  for (const ss of subsets) {
    ss.addresses?.sort(byIP);
    ss.notReadyAddresses?.sort(byIP);
    ss.ports?.sort((a, b) => compare(portKey(a), portKey(b)));
  }
  return subsets.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
