import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { checkNamespaceDeletable, INITIAL_NAMESPACES } from '../../../shared/apiserver/namespace-lifecycle';
import { StoreEngine } from '../../../shared/apiserver/store-engine';
import { MemoryTable } from '../../../shared/client/memory-table';

const NAMESPACES = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;

function clusterStore(): { engine: StoreEngine; table: MemoryTable } {
  const table = new MemoryTable();
  let uid = 0;
  const engine = new StoreEngine(table, {
    context: () => ({ now: '2024-01-01T00:00:00Z', newUid: () => `uid-${++uid}`, rand: () => 0.5 }),
    now: () => 0,
    publish: () => undefined,
    namespace: undefined,
    isClusterStore: true,
    lookupNamespacePhase: async () => 'Active',
    allocateServiceIP: async () => '10.96.0.10',
    releaseServiceIP: () => undefined,
    setNamespacePhaseOf: () => undefined,
  });
  return { engine, table };
}

describe('immortal namespaces (upstream NamespaceLifecycle admission)', () => {
  it.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('%s may not be deleted: 403 with upstream wording', (name) => {
    try {
      checkNamespaceDeletable(name);
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).toStatus()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        reason: 'Forbidden',
        details: { name, kind: 'namespaces' },
        code: 403,
      });
    }
  });

  it('other namespaces may be deleted', () => {
    expect(() => checkNamespaceDeletable('team')).not.toThrow();
    expect(() => checkNamespaceDeletable('kube-system2')).not.toThrow();
  });

  it('the store refuses the delete, dry run or not, and leaves the namespace Active', async () => {
    const { engine, table } = clusterStore();
    engine.bootstrap(INITIAL_NAMESPACES);
    const rv = table.resourceVersion;
    for (const name of INITIAL_NAMESPACES) {
      for (const dryRun of [true, false]) {
        await expect(engine.delete({ def: NAMESPACES, name, dryRun })).rejects.toMatchObject({ code: 403, reason: 'Forbidden' });
      }
      expect(table.get('namespaces', name)?.metadata.deletionTimestamp).toBeUndefined();
    }
    expect(table.resourceVersion).toBe(rv);
  });
});
