// A store's compaction alarm: a minute after writes, and an idle store is not woken every minute.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { COMPACTION_DELAY_MS } from '../../shared/apiserver/compaction-delay';
import { EVENT_RETENTION_MS } from '../../shared/apiserver/store-table';
import { api, objectStoreStub } from './helpers';

const NS = 'compaction-alarm';
const store = () => objectStoreStub(`ns:${NS}`);
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });
/** Wall ms until the store's alarm (null: none). */
const alarmIn = async () => {
  const at = await runInDurableObject(store(), (_, state) => state.storage.getAlarm());
  return at === null ? null : at - Date.now();
};

describe('store compaction alarm', () => {
  it('comes a minute after a write, and once the retention window later when nothing was written since the last pass', async () => {
    expect((await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })).status).toBe(201);
    expect((await api('POST', `/api/v1/namespaces/${NS}/configmaps`, cm('one'))).status).toBe(201);
    expect(await alarmIn()).toBeLessThanOrEqual(COMPACTION_DELAY_MS);
    // controllers may still write here (the namespace's ServiceAccount, its root CA): a pass with none since the last one comes
    let idle = null;
    for (let pass = 0; pass < 10 && !(idle !== null && idle > COMPACTION_DELAY_MS); pass++) {
      expect(await runDurableObjectAlarm(store())).toBe(true);
      idle = await alarmIn();
    }
    // its events (younger than the retention window) can be dropped only once they are that old: one pass then
    expect(idle).toBeGreaterThan(EVENT_RETENTION_MS - COMPACTION_DELAY_MS);
    expect(idle).toBeLessThanOrEqual(EVENT_RETENTION_MS);
    // a write brings the minute back
    expect((await api('POST', `/api/v1/namespaces/${NS}/configmaps`, cm('two'))).status).toBe(201);
    expect(await alarmIn()).toBeLessThanOrEqual(COMPACTION_DELAY_MS);
  });
});
