// API Priority and Fairness wired into the Worker: the bootstrap configuration served, with tables and status.
import { describe, expect, it } from 'vitest';
import { api } from './helpers';

const FC = '/apis/flowcontrol.apiserver.k8s.io/v1';

describe('flowcontrol.apiserver.k8s.io/v1', () => {
  it('serves the bootstrap FlowSchemas and levels, each schema marked not dangling', async () => {
    await api('GET', '/version');
    const fs = await api('GET', `${FC}/flowschemas`);
    expect(fs.status).toBe(200);
    const names = fs.body.items.map((i: any) => i.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['exempt', 'probes', 'global-default', 'catch-all', 'system-leader-election']));
    expect(names).toHaveLength(13);
    const gd = fs.body.items.find((i: any) => i.metadata.name === 'global-default');
    expect(gd.metadata.annotations['apf.kubernetes.io/autoupdate-spec']).toBe('true');
    expect(gd.status.conditions).toEqual([
      expect.objectContaining({ type: 'Dangling', status: 'False', reason: 'Found', message: 'This FlowSchema references the PriorityLevelConfiguration object named "global-default" and it exists' }),
    ]);
    const pl = await api('GET', `${FC}/prioritylevelconfigurations`);
    expect(pl.body.items.map((i: any) => i.metadata.name).sort()).toEqual(['catch-all', 'exempt', 'global-default', 'leader-election', 'node-high', 'system', 'workload-high', 'workload-low']);
  });

  it('prints tables as upstream', async () => {
    const t = await api('GET', `${FC}/prioritylevelconfigurations/catch-all`, undefined, 'application/json', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(t.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Type', 'NominalConcurrencyShares', 'Queues', 'HandSize', 'QueueLengthLimit', 'Age']);
    expect(t.body.rows[0].cells.slice(0, 6)).toEqual(['catch-all', 'Limited', 5, '<none>', '<none>', '<none>']);
    const f = await api('GET', `${FC}/flowschemas/exempt`, undefined, 'application/json', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(f.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'PriorityLevel', 'MatchingPrecedence', 'DistinguisherMethod', 'Age', 'MissingPL']);
    expect(f.body.rows[0].cells).toEqual(['exempt', 'exempt', 1, '<none>', expect.any(String), 'False']);
  });

  it('refuses a mandatory object edit and bad specs with upstream field paths', async () => {
    const bad = await api('POST', `${FC}/prioritylevelconfigurations`, {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'too-wide' },
      spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: { queues: 512, handSize: 8 } } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.limited.limitResponse.queuing.handSize', message: 'Invalid value: 8: required entropy bits of deckSize 512 and handSize 8 should not be greater than 60' },
    ]);
    const mandatory = await api('PATCH', `${FC}/flowschemas/catch-all`, { spec: { matchingPrecedence: 9999 } }, 'application/merge-patch+json');
    expect(mandatory.status).toBe(422);
  });

  it('marks a schema whose level does not exist as dangling', async () => {
    const created = await api('POST', `${FC}/flowschemas`, {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: 'orphan' },
      spec: { priorityLevelConfiguration: { name: 'nowhere' }, rules: [{ subjects: [{ kind: 'User', user: { name: 'nobody' } }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.spec.matchingPrecedence).toBe(1000);
    let status: any;
    for (let i = 0; i < 30 && !status; i++) {
      await new Promise((r) => setTimeout(r, 150));
      status = (await api('GET', `${FC}/flowschemas/orphan`)).body.status?.conditions?.[0];
    }
    expect(status).toMatchObject({ type: 'Dangling', status: 'True', reason: 'NotFound' });
  });
});
