// The APF bootstrap configuration and the configuration producer (pkg/registry/flowcontrol/ensurer).
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../shared/defaults';
import {
  AUTO_UPDATE_ANNOTATION,
  concurrencyLimits,
  configProducerActions,
  mandatoryFlowSchemas,
  mandatoryPriorityLevels,
  suggestedFlowSchemas,
  suggestedPriorityLevels,
  SERVER_CONCURRENCY_LIMIT,
  type FlowSchema,
  type PriorityLevelConfiguration,
} from '../../../shared/flowcontrol';
import { validateCreate } from '../../../shared/validation/validate';

const G = 'flowcontrol.apiserver.k8s.io';
const levels = () => [...mandatoryPriorityLevels(), ...suggestedPriorityLevels()];
const schemas = () => [...mandatoryFlowSchemas(), ...suggestedFlowSchemas()];
const stored = <T extends { metadata?: { generation?: number } }>(o: T, generation = 1): T => ({ ...o, metadata: { ...o.metadata, generation } });

describe('bootstrap objects', () => {
  it('are upstream 1.32 names: 8 levels, 13 schemas', () => {
    expect(levels().map((l) => l.metadata?.name)).toEqual(['exempt', 'catch-all', 'system', 'node-high', 'leader-election', 'workload-high', 'workload-low', 'global-default']);
    expect(schemas().map((s) => `${s.metadata?.name}:${s.spec?.matchingPrecedence}→${s.spec?.priorityLevelConfiguration.name}`).sort()).toEqual(
      [
        'catch-all:10000→catch-all',
        'endpoint-controller:150→workload-high',
        'exempt:1→exempt',
        'global-default:9900→global-default',
        'kube-controller-manager:800→workload-high',
        'kube-scheduler:800→workload-high',
        'kube-system-service-accounts:900→workload-high',
        'probes:2→exempt',
        'service-accounts:9000→workload-low',
        'system-leader-election:100→leader-election',
        'system-node-high:400→node-high',
        'system-nodes:500→system',
        'workload-leader-election:200→leader-election',
      ].sort(),
    );
  });

  it('are valid and unchanged by defaulting (as upstream checks in internalbootstrap)', () => {
    for (const o of [...levels(), ...schemas()]) {
      const defaulted = applyDefaults(G, 'v1', o.kind!, o);
      expect(defaulted, o.metadata?.name).toEqual(o);
      expect(validateCreate(G, o.kind!, defaulted), o.metadata?.name).toEqual([]);
    }
  });

  it("give upstream's nominal concurrency limits out of 600 seats", () => {
    const limits = concurrencyLimits(levels(), SERVER_CONCURRENCY_LIMIT);
    const nominal = Object.fromEntries([...limits].map(([n, l]) => [n, l.nominalCL]));
    expect(nominal).toEqual({ exempt: 0, 'catch-all': 13, system: 74, 'node-high': 98, 'leader-election': 25, 'workload-high': 98, 'workload-low': 245, 'global-default': 49 });
    // lendable = round(nominal × lendable%): system 33 % of 74, workload-low 90 % of 245
    expect(limits.get('system')).toMatchObject({ lendableCL: 24, lowerLimit: 50, borrowingCL: Infinity, upperLimit: 600 });
    expect(limits.get('workload-low')).toMatchObject({ lendableCL: 221, lowerLimit: 24 });
  });

  it('borrowingLimitPercent bounds what a level may borrow', () => {
    const pl: PriorityLevelConfiguration = {
      metadata: { name: 'tiny' },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 10, lendablePercent: 50, borrowingLimitPercent: 150, limitResponse: { type: 'Reject' } } },
    };
    expect(concurrencyLimits([pl, { ...pl, metadata: { name: 'other' } }], 40).get('tiny')).toEqual({ nominalCL: 20, lendableCL: 10, borrowingCL: 30, lowerLimit: 10, upperLimit: 40 });
  });
});

describe('configProducerActions (the ensurer)', () => {
  it('creates everything on a fresh cluster, levels before schemas', () => {
    const actions = configProducerActions([], []);
    expect(actions.every((a) => a.op === 'create')).toBe(true);
    expect(actions.map((a) => a.kind)).toEqual([...Array(8).fill('PriorityLevelConfiguration'), ...Array(13).fill('FlowSchema')]);
  });

  it('does nothing when the stored objects are the bootstrap ones', () => {
    expect(configProducerActions(schemas().map((o) => stored(o)), levels().map((o) => stored(o)))).toEqual([]);
  });

  it('stomps on an edited mandatory object, but keeps the operator\'s spec.exempt', () => {
    const ls = levels().map((o) => stored(o, 2));
    const catchAll = ls.find((l) => l.metadata?.name === 'catch-all')!;
    catchAll.spec!.limited!.nominalConcurrencyShares = 50;
    catchAll.metadata!.annotations = { [AUTO_UPDATE_ANNOTATION]: 'false' };
    const exempt = ls.find((l) => l.metadata?.name === 'exempt')!;
    exempt.spec!.exempt = { nominalConcurrencyShares: 10, lendablePercent: 50 };
    const actions = configProducerActions(schemas().map((o) => stored(o)), ls);
    expect(actions).toHaveLength(1);
    const a = actions[0]!;
    expect(a.op === 'update' && a.object).toMatchObject({ metadata: { name: 'catch-all', annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' } }, spec: { limited: { nominalConcurrencyShares: 5 } } });
  });

  it('leaves an edited suggested object alone when its annotation says false', () => {
    const fs = schemas().map((o) => stored(o, 3));
    const gd = fs.find((s) => s.metadata?.name === 'global-default')!;
    gd.spec!.matchingPrecedence = 5000;
    gd.metadata!.annotations = { [AUTO_UPDATE_ANNOTATION]: 'false' };
    expect(configProducerActions(fs, levels().map((o) => stored(o)))).toEqual([]);
  });

  it('without the annotation: updates an unedited object (generation 1), marks an edited one false', () => {
    const fs = schemas().map((o) => stored(o));
    const gd = fs.find((s) => s.metadata?.name === 'global-default')!;
    gd.metadata!.annotations = {};
    gd.spec!.matchingPrecedence = 5000;
    const sa = fs.find((s) => s.metadata?.name === 'service-accounts')!;
    sa.metadata = { name: 'service-accounts', generation: 2 };
    sa.spec!.matchingPrecedence = 7000;
    const actions = configProducerActions(fs, levels().map((o) => stored(o)));
    const byName = Object.fromEntries(actions.map((a) => [a.op === 'update' ? a.object.metadata?.name : '', a.op === 'update' ? a.object : undefined]));
    expect((byName['global-default'] as FlowSchema).spec?.matchingPrecedence).toBe(9900);
    expect((byName['global-default'] as FlowSchema).metadata?.annotations?.[AUTO_UPDATE_ANNOTATION]).toBe('true');
    expect((byName['service-accounts'] as FlowSchema).spec?.matchingPrecedence).toBe(7000);
    expect((byName['service-accounts'] as FlowSchema).metadata?.annotations?.[AUTO_UPDATE_ANNOTATION]).toBe('false');
  });

  it('recreates a deleted object and deletes an auto-updated one no longer in the bootstrap set', () => {
    const fs = schemas().map((o) => stored(o)).filter((s) => s.metadata?.name !== 'probes');
    const old: FlowSchema = { metadata: { name: 'system-leader-election-old', annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' } }, spec: { priorityLevelConfiguration: { name: 'system' } } };
    const mine: FlowSchema = { metadata: { name: 'mine' }, spec: { priorityLevelConfiguration: { name: 'system' } } };
    const actions = configProducerActions([...fs, old, mine], levels().map((o) => stored(o)));
    expect(actions.map((a) => `${a.op}:${a.op === 'delete' ? a.name : a.object.metadata?.name}`)).toEqual(['create:probes', 'delete:system-leader-election-old']);
  });
});
