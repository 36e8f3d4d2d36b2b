// Port of upstream printEndpointSlice (formatDiscoveryPorts, formatDiscoveryEndpoints, listWithMoreString).
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import type { Printer } from './types';

const MAX_LISTED = 3;

/** Columns and cells for discovery.k8s.io/v1 EndpointSlice: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', {
      text: 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    }),
    column('Ports', 'string', {
      text: 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    }),
    column('Endpoints', 'string', { text: 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const slice = obj as unknown as EndpointSlice;
    return { cells: [slice.metadata?.name ?? '', slice.addressType ?? '', formatDiscoveryPorts(slice), formatDiscoveryEndpoints(slice), age(slice, now)] };
  },
};

/** Up to three port numbers (a nil port shows its name, or `*` for "all ports"). */
export function formatDiscoveryPorts(slice: EndpointSlice): string {
  const ports = slice.ports ?? [];
  const list = ports.slice(0, MAX_LISTED).map((p) => (p.port != null ? String(p.port) : (p.name ?? '*')));
  return listWithMore(list, ports.length);
}

/** Up to three addresses across the endpoints, then " + N more...". */
export function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return listWithMore(addresses.slice(0, MAX_LISTED), addresses.length);
}

function listWithMore(list: string[], count: number): string {
  const ret = list.join(',');
  if (count > MAX_LISTED) return `${ret} + ${count - MAX_LISTED} more...`;
  return ret === '' ? '<unset>' : ret;
}
