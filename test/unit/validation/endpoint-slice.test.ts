// Rows after upstream's pkg/apis/discovery/validation/validation_test.go (TestValidateEndpointSlice*).
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../shared/defaults';
import { validateCreate, validateUpdate } from '../../../shared/validation';

const good = () => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'hello', namespace: 'world' },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.1.2.3'], hostname: 'valid-123', nodeName: 'node-1', hints: { forZones: [{ name: 'zone-a' }] } }],
});
const messages = (causes: { field?: string; message?: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);
type Slice = ReturnType<typeof good> & Record<string, unknown>;
const withSlice = (mut: (s: Slice) => void) => {
  const s = good() as Slice;
  mut(s);
  return s;
};

describe('EndpointSlice validation', () => {
  it('a good slice, and what the endpointslice controller writes, pass', () => {
    expect(validateCreate('discovery.k8s.io', 'EndpointSlice', good())).toEqual([]);
    const fqdn = withSlice((s) => ((s.addressType = 'FQDN'), (s.endpoints[0]!.addresses = ['foo.example.com'])));
    expect(validateCreate('discovery.k8s.io', 'EndpointSlice', fqdn)).toEqual([]);
  });

  it.each([
    ['missing addressType', (s: Slice) => delete (s as Record<string, unknown>).addressType, ['addressType: Required value']],
    ['the legacy IP address type', (s: Slice) => (s.addressType = 'IP'), ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
    ['an endpoint without addresses', (s: Slice) => (s.endpoints[0]!.addresses = []), ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    ['an invalid IPv4 address', (s: Slice) => (s.endpoints[0]!.addresses = ['1.2.3']), ['endpoints[0].addresses[0]: Invalid value: "1.2.3": must be a valid IPv4 address']],
    ['an IPv6 address in an IPv4 slice', (s: Slice) => (s.endpoints[0]!.addresses = ['2001:db8::1']), ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be a valid IPv4 address']],
    [
      'a loopback address',
      (s: Slice) => (s.endpoints[0]!.addresses = ['127.0.0.1']),
      ['endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ],
    [
      'a duplicate port name',
      (s: Slice) => s.ports.push({ name: 'http', port: 81, protocol: 'TCP' }),
      ['ports[1].name: Duplicate value: "http"'],
    ],
    [
      'an unknown protocol',
      (s: Slice) => (s.ports[0]!.protocol = 'HTTP'),
      ['ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'a duplicate zone hint',
      (s: Slice) => (s.endpoints[0]!.hints.forZones = [{ name: 'zone-a' }, { name: 'zone-a' }]),
      ['endpoints[0].hints.forZones[1].name: Duplicate value: "zone-a"'],
    ],
    [
      'too many endpoints',
      (s: Slice) => (s.endpoints = Array.from({ length: 1001 }, () => ({ addresses: ['10.1.2.3'] })) as Slice['endpoints']),
      ['endpoints: Too many: 1001: must have at most 1000 items'],
    ],
  ])('%s', (_, mut, want) => {
    expect(messages(validateCreate('discovery.k8s.io', 'EndpointSlice', withSlice(mut as (s: Slice) => void)))).toEqual(want);
  });

  it('addressType may not change', () => {
    const old = { ...good(), metadata: { ...good().metadata, resourceVersion: '1' } };
    const next = { ...old, addressType: 'IPv6', endpoints: [] };
    expect(messages(validateUpdate('discovery.k8s.io', 'EndpointSlice', next, old))).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });

  it('ports default to name "" and protocol TCP', () => {
    const s = applyDefaults('discovery.k8s.io', 'v1', 'EndpointSlice', { ...good(), ports: [{ port: 80 }] });
    expect(s.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
  });
});
