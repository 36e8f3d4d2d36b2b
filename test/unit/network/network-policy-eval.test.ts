// Rows from upstream's NetworkPolicy conformance suite (test/e2e/network/netpol/network_policy.go): the model of
// namespaces x, y, z (labelled ns=<name>), each with pods a, b, c (labelled pod=<name>) serving TCP 80 and 81 on
// the named ports serve-80-tcp and serve-81-tcp, and per case the reachability truth table.
import type { NetworkPolicy, NetworkPolicySpec } from 'kubernetes-types/networking/v1';
import { describe, expect, it } from 'vitest';
import { evaluateNetworkPolicy, type PolicyPod } from '../../../shared/network';

const NAMESPACES = ['x', 'y', 'z'];
const PODS = ['a', 'b', 'c'];
const namespaceLabels = Object.fromEntries(NAMESPACES.map((n) => [n, { ns: n }]));
const pods: PolicyPod[] = NAMESPACES.flatMap((ns, i) =>
  PODS.map((p, j) => ({
    namespace: ns,
    name: p,
    labels: { pod: p },
    ip: `10.244.${i}.${10 + j}`,
    ports: [80, 81].map((port) => ({ name: `serve-${port}-tcp`, containerPort: port, protocol: 'TCP' })),
  })),
);
const id = (p: PolicyPod) => `${p.namespace}/${p.name}`;

function policy(namespace: string, name: string, spec: NetworkPolicySpec): NetworkPolicy {
  return { metadata: { namespace, name }, spec };
}

/** The pairs (`from→to`) that can NOT connect on `port`; every other pair can, as upstream's Reachability starts all true. */
function blocked(policies: NetworkPolicy[], port: number): string[] {
  const out: string[] = [];
  for (const from of pods) for (const to of pods) if (!evaluateNetworkPolicy({ policies, namespaceLabels }, from, to, port).allowed) out.push(`${id(from)}→${id(to)}`);
  return out;
}

const all = pods.map(id);
const into = (targets: string[], froms = all) => froms.flatMap((f) => targets.map((t) => `${f}→${t}`));
const outOf = (sources: string[], tos = all) => sources.flatMap((s) => tos.map((t) => `${s}→${t}`));
const sorted = (l: string[]) => [...new Set(l)].sort();
const inNs = (ns: string) => PODS.map((p) => `${ns}/${p}`);

describe('NetworkPolicy truth tables (upstream netpol conformance)', () => {
  it('should support a default-deny-ingress policy: nothing reaches x', () => {
    const np = policy('x', 'deny-ingress', { podSelector: {}, ingress: [] });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(inNs('x'))));
  });

  it('should support a default-deny-all policy: x neither sends nor receives (egress and ingress)', () => {
    const np = policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(sorted(blocked([np], 80))).toEqual(sorted([...into(inNs('x')), ...outOf(inNs('x'))]));
  });

  it('should support allow-all policy', () => {
    expect(blocked([policy('x', 'allow-all', { podSelector: {}, ingress: [{}] })], 80)).toEqual([]);
  });

  it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', () => {
    const np = policy('x', 'x-a-allows-x-b', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(['x/a'], all.filter((p) => p !== 'x/b'))));
  });

  it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () => {
    const np = policy('x', 'allow-client-a-via-ns-selector', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(['x/a'], [...inNs('x'), ...inNs('z')])));
  });

  it('should enforce policy based on NamespaceSelector with MatchExpressions (NotIn x)', () => {
    const np = policy('x', 'allow-ns-not-x', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] } }] }],
    });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(['x/a'], inNs('x'))));
  });

  it('should enforce policy based on PodSelector or NamespaceSelector (two peers: either)', () => {
    const np = policy('x', 'or', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] } }, { podSelector: { matchLabels: { pod: 'b' } } }] }],
    });
    expect(sorted(blocked([np], 80))).toEqual(['x/a→x/a', 'x/c→x/a']);
  });

  it('should enforce policy based on PodSelector and NamespaceSelector (one peer: both)', () => {
    const np = policy('x', 'and', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] }, podSelector: { matchLabels: { pod: 'b' } } }] }],
    });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(['x/a'], all.filter((p) => p !== 'y/b' && p !== 'z/b'))));
  });

  it('should enforce policy based on Ports: only 81 is allowed in', () => {
    const np = policy('x', 'allow-81', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 81 }] }] });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(['x/a'])));
    expect(blocked([np], 81)).toEqual([]);
  });

  it('should allow ingress access on one named port', () => {
    const np = policy('x', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] });
    expect(sorted(blocked([np], 80))).toEqual(sorted(into(inNs('x'))));
    expect(blocked([np], 81)).toEqual([]);
  });

  it('should allow egress access on one named port (the destination pod\'s name)', () => {
    const np = policy('x', 'egress-named', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] });
    expect(blocked([np], 80)).toEqual([]);
    expect(sorted(blocked([np], 81))).toEqual(sorted(outOf(inNs('x'))));
  });

  it('should enforce multiple, stacked policies with overlapping podSelectors (rules add up)', () => {
    const p80 = policy('x', 'allow-80', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 80 }] }] });
    const p81 = policy('x', 'allow-81', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 81 }] }] });
    expect(blocked([p80, p81], 80)).toEqual([]);
    expect(blocked([p80, p81], 81)).toEqual([]);
  });

  it('endPort: a range of ports (80-81 allowed, 82 not)', () => {
    const np = policy('x', 'range', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 80, endPort: 81 }] }] });
    expect(blocked([np], 81)).toEqual([]);
    expect(sorted(blocked([np], 82))).toEqual(sorted(into(['x/a'])));
  });

  it('should enforce except clause while egress access to server in CIDR block', () => {
    // x/a may reach y's subnet except y/b's address
    const np = policy('x', 'cidr-except', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.244.1.0/24', except: ['10.244.1.11/32'] } }] }],
    });
    expect(sorted(blocked([np], 80))).toEqual(sorted(outOf(['x/a'], all.filter((p) => !['y/a', 'y/c'].includes(p)))));
  });

  it('should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)', () => {
    const egress = policy('x', 'deny-egress-x-a', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'] });
    const ingress = policy('y', 'allow-all-in', { podSelector: {}, ingress: [{}] });
    const v = evaluateNetworkPolicy({ policies: [egress, ingress], namespaceLabels }, pods[0]!, pods[3]!, 80);
    expect(v).toMatchObject({ allowed: false, egress: { isolated: true, allowed: false, policies: ['x/deny-egress-x-a'] }, ingress: { allowed: true, allowedBy: { policy: 'y/allow-all-in', rule: 0 } } });
    expect(v.message).toBe('egress of x/a: denied; isolated by x/deny-egress-x-a and no rule allows 10.244.1.10 port 80/TCP');
  });

  it('says which policy and rule allowed, and that an unselected pod is not isolated', () => {
    const np = policy('x', 'allow-b', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 81 }] }, { from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] });
    const v = evaluateNetworkPolicy({ policies: [np], namespaceLabels }, pods[1]!, pods[0]!, 80);
    expect(v.ingress.allowedBy).toEqual({ policy: 'x/allow-b', rule: 1 });
    expect(v.message).toBe('ingress of x/a: allowed by x/allow-b ingress rule 1');
    expect(evaluateNetworkPolicy({ policies: [np], namespaceLabels }, pods[0]!, pods[1]!, 80).ingress).toMatchObject({ isolated: false, message: 'ingress of x/b: not isolated, no policy selects it' });
  });
});

// NetworkPolicy leaves hostNetwork pods undefined; most plugins see their traffic as their node's address.
describe('a hostNetwork pod is seen as its node address', () => {
  const agent = { ip: '10.0.0.11', hostNetworkPod: 'x/agent' };
  const denyAllIngressX = policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  const allowPodsOfX = policy('x', 'allow-x', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
  const allowNodeNet = policy('x', 'allow-nodes', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/24' } }] }] });
  const xa = pods[0]!;

  it('no podSelector picks it as a source; an ipBlock of the node network does', () => {
    expect(evaluateNetworkPolicy({ policies: [denyAllIngressX, allowPodsOfX], namespaceLabels }, agent, xa, 80)).toMatchObject({ allowed: false, message: 'ingress of x/a: denied; isolated by x/allow-x, x/deny and no rule allows 10.0.0.11 port 80/TCP' });
    expect(evaluateNetworkPolicy({ policies: [denyAllIngressX, allowNodeNet], namespaceLabels }, agent, xa, 80)).toMatchObject({ allowed: true, ingress: { allowedBy: { policy: 'x/allow-nodes', rule: 0 } } });
  });

  it('no policy isolates it, even one selecting every pod of its namespace', () => {
    const v = evaluateNetworkPolicy({ policies: [denyAllIngressX], namespaceLabels }, xa, agent, 80);
    expect(v.allowed).toBe(true);
    expect(v.ingress.message).toBe("ingress: x/agent is on its node's network (10.0.0.11), outside the pod network, no policy applies");
  });
});
