// Rows after upstream's pkg/apis/networking/validation/validation_test.go (TestValidateNetworkPolicy and its endPort cases).
import { describe, expect, it } from 'vitest';
import { validateCreate } from '../../../shared/validation';
import { validateNetworkPolicy } from '../../../shared/validation/network-policy';

const np = (spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bar', namespace: 'foo' }, spec });
const messages = (spec: object) => validateNetworkPolicy(np(spec)).map((c) => `${c.field}: ${c.message}`);
const ingressFrom = (peer: object) => ({ podSelector: {}, ingress: [{ from: [peer] }] });
const ingressPort = (port: object) => ({ podSelector: {}, ingress: [{ ports: [port] }] });

describe('NetworkPolicy validation', () => {
  it.each([
    ['empty spec', { podSelector: {} }],
    ['ingress from pods and namespaces, ports 80 and named', { podSelector: { matchLabels: { a: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { c: 'd' } }, namespaceSelector: { matchLabels: { e: 'f' } } }], ports: [{ protocol: 'TCP', port: 80 }, { port: 'http' }] }] }],
    ['ipBlock with except', ingressFrom({ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] } })],
    ['IPv6 ipBlock', ingressFrom({ ipBlock: { cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64'] } })],
    ['endPort range', ingressPort({ protocol: 'TCP', port: 32000, endPort: 32768 })],
    ['Ingress and Egress policy types', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ to: [{ namespaceSelector: {} }] }] }],
  ])('valid: %s', (_, spec) => {
    expect(messages(spec)).toEqual([]);
  });

  it.each([
    ['missing from and to type', ingressFrom({}), ['spec.ingress[0].from[0]: Required value: must specify a peer']],
    ['invalid ingress.ports.protocol', ingressPort({ protocol: 'FOO', port: 80 }), ['spec.ingress[0].ports[0].protocol: Unsupported value: "FOO": supported values: "TCP", "UDP", "SCTP"']],
    ['invalid ingress.ports.port (int)', ingressPort({ port: 123456789 }), ['spec.ingress[0].ports[0].port: Invalid value: 123456789: must be between 1 and 65535, inclusive']],
    ['invalid ingress.ports.port (str)', ingressPort({ port: '!@#$' }), ['spec.ingress[0].ports[0].port: Invalid value: "!@#$": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'spec.ingress[0].ports[0].port: Invalid value: "!@#$": must contain at least one letter (a-z)']],
    ['invalid ingress.from.podSelector', ingressFrom({ podSelector: { matchLabels: { 'bad key': 'b' } } }), ['spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')']],
    ['missing cidr field', ingressFrom({ ipBlock: {} }), ['spec.ingress[0].from[0].ipBlock.cidr: Required value']],
    ['invalid cidr format', ingressFrom({ ipBlock: { cidr: '192.168.5.6' } }), ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.5.6": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['except field is an empty string', ingressFrom({ ipBlock: { cidr: '192.168.8.0/24', except: [''] } }), ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['except IP is outside of CIDR range', ingressFrom({ ipBlock: { cidr: '192.168.8.0/24', except: ['192.168.9.1/24'] } }), ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.9.1/24": must be a strict subset of `cidr`']],
    ['except IP is not strictly within CIDR range', ingressFrom({ ipBlock: { cidr: '192.168.0.0/24', except: ['192.168.0.0/24'] } }), ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`']],
    ['ipBlock with another peer', ingressFrom({ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }), ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer']],
    ['invalid policyTypes', { podSelector: {}, policyTypes: ['foo'] }, ['spec.policyTypes[0]: Unsupported value: "foo": supported values: "Ingress", "Egress"']],
    ['too many policyTypes', { podSelector: {}, policyTypes: ['Egress', 'Ingress', 'foo'] }, ['spec.policyTypes: Invalid value: []string{"Egress", "Ingress", "foo"}: may not specify more than two policyTypes']],
    ['endPort with a named port', ingressPort({ port: 'http', endPort: 90 }), ['spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric']],
    ['endPort without port', ingressPort({ endPort: 90 }), ['spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified']],
    ['endPort smaller than port', ingressPort({ port: 35000, endPort: 32000 }), ['spec.ingress[0].ports[0].endPort: Invalid value: 35000: must be greater than or equal to `port`']],
    ['egress to an invalid namespaceSelector operator', { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'Like' }] } }] }] }, ['spec.egress[0].to[0].namespaceSelector.matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator']],
  ])('invalid: %s', (_, spec, want) => {
    expect(messages(spec)).toEqual(want);
  });

  it('is the validator the API runs for networking.k8s.io NetworkPolicy', () => {
    expect(validateCreate('networking.k8s.io', 'NetworkPolicy', np(ingressFrom({}))).map((c) => c.field)).toEqual(['spec.ingress[0].from[0]']);
  });
});
