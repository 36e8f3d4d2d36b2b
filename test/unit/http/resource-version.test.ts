import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import {
  checkResourceVersion,
  decodeContinue,
  encodeComposite,
  encodeContinue,
  parseStoreVersion,
  tooLargeResourceVersion,
} from '../../../shared/apiserver/resource-version';

function failure(f: () => unknown): { code: number; message: string } | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('resourceVersion values (APIObjectVersioner.ParseResourceVersion)', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['18446744073709551615', 18446744073709551615],
  ])('%s → %d', (rv, n) => expect(parseStoreVersion(rv)).toBe(n));

  it.each([
    ['abc', 'invalid syntax'],
    ['-1', 'invalid syntax'],
    ['1.0', 'invalid syntax'],
    ['18446744073709551616', 'value out of range'],
  ])('%s is 400 with upstream wording', (rv, why) => {
    expect(failure(() => parseStoreVersion(rv))).toEqual({
      code: 400,
      message: `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${why}`,
    });
  });

  it('composites this server issued pass; forged ones are 400', () => {
    expect(() => checkResourceVersion(encodeComposite({ a: 3 }))).not.toThrow();
    expect(failure(() => checkResourceVersion('c.!!!'))?.code).toBe(400);
    expect(failure(() => checkResourceVersion(`c.${btoa('{"a":-1}')}`))?.code).toBe(400);
  });

  it('too large: 504 Timeout with the ResourceVersionTooLarge cause', () => {
    expect(tooLargeResourceVersion(100, 7).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Timeout: Too large resource version: 100, current: 7',
      reason: 'Timeout',
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
      code: 504,
    });
  });
});

describe('continue tokens', () => {
  it('round-trips', () => {
    expect(decodeContinue(encodeContinue({ rv: '12', start: 'web' }))).toEqual({ rv: '12', start: 'web' });
  });

  const b64 = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  it.each([
    ['not base64 !', 'illegal base64 data'],
    [b64('not json'), 'continue key is not valid'],
    [b64('null'), 'server does not recognize this encoded version'],
    [b64('{"v":"kf2","rv":"1","start":"a"}'), 'server does not recognize this encoded version'],
    [b64('{"v":"kf1","rv":1,"start":"a"}'), 'incorrect encoded start resourceVersion'],
    [b64('{"v":"kf1","rv":"abc","start":"a"}'), 'incorrect encoded start resourceVersion'],
    [b64('{"v":"kf1","rv":"1","start":""}'), 'encoded start key empty'],
  ])('%s is 400 "invalid continue token"', (token, why) => {
    const f = failure(() => decodeContinue(token));
    expect(f?.code).toBe(400);
    expect(f?.message).toMatch(/^invalid continue token: continue key is not valid/);
    expect(f?.message).toContain(why);
  });
});

describe('the store applies them (listStore, planWatch)', async () => {
  const { BUILTIN_RESOURCES } = await import('../../../shared/api/registry');
  const { listStore, planWatch } = await import('../../../shared/apiserver/store-list');
  const { MemoryTable } = await import('../../../shared/client/memory-table');
  const def = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'ConfigMap')!;

  function table() {
    const t = new MemoryTable();
    for (const name of ['a', 'b', 'c']) {
      t.commit('configmaps', 'ADDED', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } as never, null, 0);
    }
    return t;
  }

  it('a list or watch from a future resourceVersion is 504 ResourceVersionTooLarge', () => {
    const t = table();
    for (const f of [() => listStore(t, { def, resourceVersion: '99' }), () => planWatch(t, { def, resourceVersion: '99' })]) {
      expect(failure(f)).toEqual({ code: 504, message: `Timeout: Too large resource version: 99, current: ${t.resourceVersion}` });
    }
  });

  it('a continue token older than the compacted log is 410 Expired', () => {
    const t = table();
    const page = listStore(t, { def, limit: 1 });
    expect(listStore(t, { def, limit: 1, continue: page.continue }).items.map((o) => o.metadata.name)).toEqual(['b']);
    t.commit('configmaps', 'MODIFIED', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } as never, null, 1);
    t.compact(10 ** 12, 0);
    expect(t.compactedVersion).toBeGreaterThan(Number(page.resourceVersion));
    expect(failure(() => listStore(t, { def, limit: 1, continue: page.continue }))?.code).toBe(410);
  });
});
