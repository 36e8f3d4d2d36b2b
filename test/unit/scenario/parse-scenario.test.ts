import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioErrors, parseScenario, planLines, type Scenario } from '../../../shared/scenario';

const ROOT = join(import.meta.dirname, '../../..');
const ok = (text: string): Scenario => {
  const r = parseScenario(text);
  if ('errors' in r) throw new Error(formatScenarioErrors('t.yaml', r.errors));
  return r.scenario;
};
const errors = (text: string): string => {
  const r = parseScenario(text);
  if (!('errors' in r)) throw new Error('expected errors');
  return formatScenarioErrors('t.yaml', r.errors);
};

const PROFILE = `  - apiVersion: kubeflare.dev/v1alpha1
    kind: WorkloadProfile
    metadata: { name: web }
    spec: { load: { cpuPerRequest: 2m, requestsPerSecond: { type: constant, value: 10 } } }
  - apiVersion: kubeflare.dev/v1alpha1
    kind: NodePool
    metadata: { name: pool }
    spec: { nodes: 3, zones: [a, b] }`;

describe('parseScenario', () => {
  it.each(['traffic-spike', 'zone-outage'])('accepts the shipped scenarios/%s.yaml', (name) => {
    const s = ok(readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8'));
    expect(s.name).toBe(name);
    expect(s.steps.length).toBeGreaterThan(0);
    expect(planLines(s).join('\n')).toContain('Steps:');
  });

  it('reads durations, defaults speed and namespace, and orders steps by time (file order on ties)', () => {
    const s = ok(`name: demo
duration: 1h30m
objects:
${PROFILE}
steps:
  - { at: 10m, advance: 1h }
  - { at: 90, load: { profile: web, requestsPerSecond: 50 } }
  - { at: 10m, speed: 10 }
  - { at: 0s, failZone: { pool: pool, zone: b } }
`);
    expect(s).toMatchObject({ name: 'demo', speed: 60, namespace: 'demo', durationMs: 5_400_000 });
    expect(s.steps.map((x) => x.at)).toEqual([0, 90_000, 600_000, 600_000]);
    expect(s.steps.map((x) => Object.keys(x).find((k) => k !== 'at' && k !== 'line'))).toEqual(['failZone', 'load', 'advance', 'speed']);
    expect(s.steps[2]).toMatchObject({ advance: 3_600_000, line: 13 });
  });

  it('reports every problem with its line and field path', () => {
    expect(
      errors(`name: Bad_Name
speed: 0
duration: -5m
colour: red
objects:
${PROFILE}
  - { kind: Deployment, metadata: {} }
steps:
  - { at: 1m, load: { profile: nope, requestsPerSecond: -1 } }
  - { at: 2m, advance: -10m }
  - { at: 3m, failZone: { pool: pool, zone: c } }
  - { at: 4m, speed: 5, advance: 1h }
  - { at: 5m, explode: true }
  - { advance: 1h }
`),
    ).toBe(
      [
        't.yaml:1: name: required: a lowercase DNS label such as traffic-spike',
        't.yaml:2: speed: must be a number greater than 0 and at most 1000',
        't.yaml:3: duration: required: a positive Go duration such as 20m or 1h30m',
        't.yaml:4: colour: unknown field; expected one of name, description, speed, duration, namespace, objects, steps',
        't.yaml:14: objects[2].apiVersion: required',
        't.yaml:14: objects[2].metadata.name: required',
        't.yaml:16: steps[0].load.profile: must name a WorkloadProfile among objects',
        't.yaml:16: steps[0].load.requestsPerSecond: must be a number of 0 or more',
        't.yaml:17: steps[1].advance: must be a positive Go duration such as 1h (the cluster clock cannot go backwards)',
        "t.yaml:18: steps[2].failZone.zone: is not one of the pool's zones (a, b)",
        't.yaml:19: steps[3]: a step has exactly one action (load, failZone, restoreZone, advance, speed, apply); this one has speed and advance',
        't.yaml:20: steps[4].explode: unknown action; expected one of load, failZone, restoreZone, advance, speed, apply',
        't.yaml:21: steps[5].at: required: a Go duration from the start, such as 0s or 10m',
      ].join('\n'),
    );
  });

  it('refuses a step after the end, a load on a profile without load, and YAML that does not parse', () => {
    expect(
      errors(`name: x
duration: 5m
objects:
  - { apiVersion: kubeflare.dev/v1alpha1, kind: WorkloadProfile, metadata: { name: idle }, spec: {} }
steps:
  - { at: 6m, load: { profile: idle, requestsPerSecond: 1 } }
`),
    ).toBe(
      [
        't.yaml:6: steps[0].at: is after the scenario ends (duration)',
        't.yaml:6: steps[0].load.profile: WorkloadProfile idle must declare spec.load (cpuPerRequest and its starting requestsPerSecond)',
      ].join('\n'),
    );
    expect(errors('name: x\n  duration: [\n')).toMatch(/^t\.yaml:\d+: \(yaml\): /);
    expect(errors('- just a list')).toBe('t.yaml:1: (root): a scenario is a map with name, duration, objects and steps');
  });
});
