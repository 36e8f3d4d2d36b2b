import type { ContainerPort } from 'kubernetes-types/core/v1';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { selectorMatches } from '../controllers/label-selector';
import { cidrContains, parseCidr, parseIPv4 } from '../nodes/ipv4';

/** A pod as policies see it: where it is, its labels, its IP and its named ports. */
export interface PolicyPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ip: string;
  ports?: ContainerPort[];
}

/**
 * A packet's source or destination: a pod, or an address outside the pod network (ipBlock only) — which a
 * pod on its node's network is, seen as its node (`hostNetworkPod` names it).
 */
export type PolicyPeer = PolicyPod | { ip: string; hostNetworkPod?: string };

export interface PolicyInput {
  policies: NetworkPolicy[];
  /** Labels of every namespace, for namespaceSelector. */
  namespaceLabels: Record<string, Record<string, string>>;
}

/** One direction's decision: whether the pod is isolated there, which policies select it, which rule allowed. */
export interface DirectionVerdict {
  /** `namespace/name` of the pod this direction is about (the source for egress, the destination for ingress). */
  pod?: string;
  isolated: boolean;
  allowed: boolean;
  /** Policies (`namespace/name`) that select the pod for this direction. */
  policies: string[];
  /** The first rule that allowed the packet: `namespace/name` and its index in spec.ingress / spec.egress. */
  allowedBy?: { policy: string; rule: number };
  message: string;
}

export interface PolicyVerdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** One line: which direction decided and by which policy. */
  message: string;
}

const isPod = (p: PolicyPeer): p is PolicyPod => 'namespace' in p;
const key = (p: { metadata?: { namespace?: string; name?: string } }) => `${p.metadata?.namespace}/${p.metadata?.name}`;

/** spec.policyTypes, or its default: Ingress always, Egress when there are egress rules. */
export function policyTypes(np: NetworkPolicy): string[] {
  const t = np.spec?.policyTypes;
  if (t?.length) return t;
  return (np.spec?.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** ipBlock: inside cidr and outside every except. */
function inIpBlock(block: { cidr: string; except?: string[] }, ip: string): boolean {
  const addr = parseIPv4(ip);
  const c = parseCidr(block.cidr);
  if (addr === undefined || !c || !cidrContains(c, addr)) return false;
  return !(block.except ?? []).some((e) => {
    const x = parseCidr(e);
    return !!x && cidrContains(x, addr);
  });
}

/**
 * NetworkPolicyPeer: an ipBlock matches the address; a podSelector alone pods of the policy's namespace;
 * a namespaceSelector alone every pod of the matching namespaces; both, the matching pods of the
 * matching namespaces. Addresses outside the pod network match only ipBlocks.
 */
function peerMatches(peer: NetworkPolicyPeer, policyNs: string, other: PolicyPeer, input: PolicyInput): boolean {
  if (peer.ipBlock) return inIpBlock(peer.ipBlock, other.ip);
  if (!isPod(other)) return false;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, input.namespaceLabels[other.namespace])) return false;
    return peer.podSelector ? selectorMatches(peer.podSelector, other.labels) : true;
  }
  return other.namespace === policyNs && (peer.podSelector ? selectorMatches(peer.podSelector, other.labels) : false);
}

/** NetworkPolicyPort: protocol (TCP by default), then a number (up to endPort) or a name of the destination pod's ports. */
function portMatches(p: NetworkPolicyPort, port: number, protocol: string, dst: PolicyPeer): boolean {
  if ((p.protocol ?? 'TCP') !== protocol) return false;
  if (p.port === undefined || p.port === null) return true;
  if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  if (!isPod(dst)) return false;
  return (dst.ports ?? []).some((cp) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol);
}

function direction(
  dir: 'Ingress' | 'Egress',
  subject: PolicyPeer,
  other: PolicyPeer,
  dst: PolicyPeer,
  port: number,
  protocol: string,
  input: PolicyInput,
): DirectionVerdict {
  const word = dir.toLowerCase();
  if (!isPod(subject)) {
    const who = subject.hostNetworkPod ? `${subject.hostNetworkPod} is on its node's network (${subject.ip}), outside the pod network` : `${subject.ip} is outside the pod network`;
    return { isolated: false, allowed: true, policies: [], message: `${word}: ${who}, no policy applies` };
  }
  const who = `${subject.namespace}/${subject.name}`;
  const selecting = input.policies
    .filter((np) => np.metadata?.namespace === subject.namespace && policyTypes(np).includes(dir) && selectorMatches(np.spec?.podSelector ?? {}, subject.labels))
    .sort((a, b) => key(a).localeCompare(key(b)));
  const policies = selecting.map(key);
  if (!selecting.length) return { pod: who, isolated: false, allowed: true, policies, message: `${word} of ${who}: not isolated, no policy selects it` };
  for (const np of selecting) {
    const rules = (dir === 'Ingress' ? np.spec?.ingress : np.spec?.egress) ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const peers = (dir === 'Ingress' ? (rule as { from?: NetworkPolicyPeer[] }).from : (rule as { to?: NetworkPolicyPeer[] }).to) ?? [];
      const ports = rule.ports ?? [];
      const peerOk = !peers.length || peers.some((p) => peerMatches(p, subject.namespace, other, input));
      const portOk = !ports.length || ports.some((p) => portMatches(p, port, protocol, dst));
      if (peerOk && portOk) {
        return { pod: who, isolated: true, allowed: true, policies, allowedBy: { policy: key(np), rule: i }, message: `${word} of ${who}: allowed by ${key(np)} ${word} rule ${i}` };
      }
    }
  }
  return { pod: who, isolated: true, allowed: false, policies, message: `${word} of ${who}: denied; isolated by ${policies.join(', ')} and no rule allows ${other.ip} port ${port}/${protocol}` };
}

/**
 * Is `src` allowed to reach `dst` on `port`/`protocol`, and which policy decided: the source's egress
 * (when policies isolate it for egress) and the destination's ingress must both allow the packet, each
 * by at least one rule of a policy selecting that pod (rules add up; nothing denies explicitly).
 */
export function evaluateNetworkPolicy(input: PolicyInput, src: PolicyPeer, dst: PolicyPeer, port: number, protocol = 'TCP'): PolicyVerdict {
  const egress = direction('Egress', src, dst, dst, port, protocol, input);
  const ingress = direction('Ingress', dst, src, dst, port, protocol, input);
  const allowed = egress.allowed && ingress.allowed;
  const decided = !egress.allowed ? egress : !ingress.allowed ? ingress : ingress.isolated ? ingress : egress;
  return { allowed, egress, ingress, message: decided.message };
}
