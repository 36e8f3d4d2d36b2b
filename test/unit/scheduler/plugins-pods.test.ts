import { describe } from 'vitest';
import { interPodAffinity, podTopologySpread } from '../../../shared/scheduler';
import { node, pod } from './fixtures';
import { pluginSuite } from './plugin-suite';

const zone = (name: string, z: string) => node(name, '4', '8Gi', { labels: { zone: z } });
const term = (labels: Record<string, string>, topologyKey: string) => ({ labelSelector: { matchLabels: labels }, topologyKey });

describe('InterPodAffinity', () => {
  const nodes = [zone('a', 'z1'), zone('b', 'z1'), zone('x', 'z2')];
  pluginSuite([
    {
      name: 'required affinity: only the zone with a matching pod',
      plugin: interPodAffinity(),
      nodes,
      pods: [pod('db', {}, { node: 'a', labels: { app: 'db' } })],
      pod: pod('p', {}, { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] } } } }),
      filter: { a: null, b: null, x: "node(s) didn't match pod affinity rules" },
    },
    {
      name: 'required affinity to itself: the first pod of the group may go anywhere',
      plugin: interPodAffinity(),
      nodes,
      pod: pod('p', {}, { labels: { app: 'db' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] } } } }),
      filter: { a: null, b: null, x: null },
    },
    {
      name: 'required anti-affinity by hostname',
      plugin: interPodAffinity(),
      nodes,
      pods: [pod('web', {}, { node: 'a', labels: { app: 'web' } })],
      pod: pod('p', {}, { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, 'kubernetes.io/hostname')] } } } }),
      filter: { a: "node(s) didn't match pod anti-affinity rules", b: null, x: null },
    },
    {
      name: "existing pods' anti-affinity is symmetric",
      plugin: interPodAffinity(),
      nodes,
      pods: [pod('loner', {}, { node: 'x', spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'new' }, 'zone')] } } } })],
      pod: pod('p', {}, { labels: { app: 'new' } }),
      filter: { a: null, b: null, x: "node(s) didn't satisfy existing pods anti-affinity rules" },
    },
    {
      name: 'preferred affinity (+5 per pod) and anti-affinity (−5) by zone: raw 10/10/−5 → 100/100/0',
      plugin: interPodAffinity(),
      nodes,
      pods: [pod('db1', {}, { node: 'a', labels: { app: 'db' } }), pod('db2', {}, { node: 'b', labels: { app: 'db' } }), pod('web', {}, { node: 'x', labels: { app: 'web' } })],
      pod: pod('p', {}, {
        spec: {
          affinity: {
            podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'db' }, 'zone') }] },
            podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'web' }, 'zone') }] },
          },
        },
      }),
      raw: { a: 10, b: 10, x: -5 },
      normalized: { a: 100, b: 100, x: 0 },
    },
    {
      name: "an existing pod's required affinity attracts the pod with hardPodAffinityWeight 1",
      plugin: interPodAffinity(),
      nodes,
      pods: [pod('fan', {}, { node: 'x', spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'star' }, 'zone')] } } } })],
      pod: pod('p', {}, { labels: { app: 'star' } }),
      raw: { a: 0, b: 0, x: 1 },
      normalized: { a: 0, b: 0, x: 100 },
    },
  ]);
});

describe('PodTopologySpread', () => {
  const nodes = [zone('a', 'z1'), zone('b', 'z1'), zone('x', 'z2'), zone('y', 'z2'), node('nolabel')];
  const foo = (name: string, n: string) => pod(name, {}, { node: n, labels: { foo: '' } });
  const spread = (maxSkew: number, key: string, when: 'DoNotSchedule' | 'ScheduleAnyway', extra = {}) =>
    pod('p', {}, { labels: { foo: '' }, spec: { topologySpreadConstraints: [{ maxSkew, topologyKey: key, whenUnsatisfiable: when, labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] }, ...extra }] } });
  pluginSuite([
    {
      name: 'zone maxSkew 1: z1 has 3, z2 has 1 → only z2 fits; a node without the key is unresolvable',
      plugin: podTopologySpread(),
      nodes,
      pods: [foo('p1', 'a'), foo('p2', 'a'), foo('p3', 'b'), foo('p4', 'x')],
      pod: spread(1, 'zone', 'DoNotSchedule'),
      filter: {
        a: "node(s) didn't match pod topology spread constraints",
        b: "node(s) didn't match pod topology spread constraints",
        x: null,
        y: null,
        nolabel: "node(s) didn't match pod topology spread constraints (missing required label)",
      },
    },
    {
      name: 'minDomains 3 with 2 domains: the global minimum counts as 0',
      plugin: podTopologySpread(),
      nodes,
      pods: [foo('p1', 'a'), foo('p4', 'x')],
      pod: spread(1, 'zone', 'DoNotSchedule', { minDomains: 3 }),
      filter: { a: "node(s) didn't match pod topology spread constraints", x: "node(s) didn't match pod topology spread constraints" },
    },
    {
      name: 'ScheduleAnyway by hostname: counts 2/1/0 → raw round(c·ln 5) 3/2/0 → 0/33/100',
      plugin: podTopologySpread(),
      nodes: [zone('a', 'z1'), zone('b', 'z1'), zone('c', 'z1')],
      pods: [foo('p1', 'a'), foo('p2', 'a'), foo('p3', 'b')],
      pod: spread(1, 'kubernetes.io/hostname', 'ScheduleAnyway'),
      raw: { a: 3, b: 2, c: 0 },
      normalized: { a: 0, b: 33, c: 100 },
    },
    {
      name: 'system defaults apply to pods selected by a Service',
      plugin: podTopologySpread(),
      nodes: [zone('a', 'z1'), zone('b', 'z1')],
      pods: [pod('w1', {}, { node: 'a', labels: { app: 'web' } })],
      cluster: { services: [{ metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } }] },
      pod: pod('p', {}, { labels: { app: 'web' } }),
      // Only the hostname default applies (the nodes have no topology.kubernetes.io/zone, which system defaulting
      // tolerates): skew 3, weight ln(2+2): a = round(1·1.386 + 2) = 3, b = 2 → 100·(3+2−s)/3: a 66, b 100
      raw: { a: 3, b: 2 },
      normalized: { a: 66, b: 100 },
    },
  ]);
});
