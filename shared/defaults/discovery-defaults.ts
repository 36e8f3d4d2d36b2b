import { def, items, type Obj } from './util';

/** discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP. */
export function defaultEndpointSlice(o: Obj): void {
  for (const p of items(o, 'ports')) {
    def(p, 'name', '');
    def(p, 'protocol', 'TCP');
  }
}
