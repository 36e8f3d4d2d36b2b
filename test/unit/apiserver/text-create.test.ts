import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { BUILTIN_RESOURCES, builtinByKey, builtinKeyOf, type ResourceDef } from '../../../shared/api/registry';
import { checkBodyKind, decodeTextCreate } from '../../../shared/apiserver/text-create';

const def = (group: string, kind: string) => BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
const CONFIG_MAP = def('', 'ConfigMap');
const LEASE = def('coordination.k8s.io', 'Lease');

function statusOf(fn: () => unknown): { code: number; message: string } | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('built-in kinds named by key', () => {
  it('names every built-in definition and gives back the same object', () => {
    for (const d of BUILTIN_RESOURCES) expect(builtinByKey(builtinKeyOf(d)!)).toBe(d);
    expect(new Set(BUILTIN_RESOURCES.map(builtinKeyOf)).size).toBe(BUILTIN_RESOURCES.length);
  });

  it('names nothing else: a copy or a custom resource goes whole', () => {
    expect(builtinKeyOf({ ...CONFIG_MAP })).toBeUndefined();
    expect(builtinKeyOf({ ...CONFIG_MAP, group: 'example.com', plural: 'widgets', kind: 'Widget' } as ResourceDef)).toBeUndefined();
    expect(builtinByKey('widgets.example.com')).toBeUndefined();
  });
});

describe('decodeTextCreate', () => {
  it('decodes the body and resolves the kind, keeping the write options', () => {
    const req = decodeTextCreate({ def: builtinKeyOf(LEASE)!, text: '{"kind":"Lease","metadata":{"name":"l"}}', version: 'v1', dryRun: true, fieldManager: 'm', fieldValidation: 'Strict' });
    expect(req).toEqual({ def: LEASE, object: { kind: 'Lease', metadata: { name: 'l' } }, version: 'v1', dryRun: true, fieldManager: 'm', fieldValidation: 'Strict' });
    expect(req.def).toBe(LEASE);
    expect('text' in req).toBe(false);
  });

  it('takes a definition sent whole', () => {
    const custom = { ...CONFIG_MAP, group: 'example.com', plural: 'widgets', kind: 'Widget' } as ResourceDef;
    expect(decodeTextCreate({ def: custom, text: '{"metadata":{"name":"w"}}', version: 'v1' }).def).toBe(custom);
  });

  it('refuses a key this build does not know as an internal error, not a Status', () => {
    expect(() => decodeTextCreate({ def: 'widgets.example.com', text: '{}', version: 'v1' })).toThrow(/no built-in resource widgets.example.com/);
  });

  // upstream: k8s.io/apiserver/pkg/endpoints/handlers/create.go (decoding) and the Kind mismatch of runtime/serializer
  it.each([
    ['', 400, 'the body of the request was empty'],
    ['{', 400, 'error decoding the request body: '],
    ['[]', 400, "Object 'Kind' is missing in '[]'"],
    ['null', 400, "Object 'Kind' is missing in 'null'"],
    ['{"apiVersion":"v1","kind":"Secret"}', 400, 'the API version in the data (v1) does not match the expected API version (v1) or kind Secret does not match ConfigMap'],
    ['{"kind":"Secret"}', 400, 'the API version in the data () does not match the expected API version (v1) or kind Secret does not match ConfigMap'],
  ])('refuses %j with the Worker\'s 400', (text, code, message) => {
    const got = statusOf(() => decodeTextCreate({ def: builtinKeyOf(CONFIG_MAP)!, text, version: 'v1' }));
    expect(got).not.toBe('ok');
    expect((got as { code: number }).code).toBe(code);
    expect((got as { message: string }).message.startsWith(message)).toBe(true);
  });

  it('names the group and version of the request in a kind mismatch', () => {
    expect(statusOf(() => checkBodyKind(LEASE, 'v1', { apiVersion: 'v1', kind: 'ConfigMap' }))).toEqual({
      code: 400,
      message: 'the API version in the data (v1) does not match the expected API version (coordination.k8s.io/v1) or kind ConfigMap does not match Lease',
    });
    expect(statusOf(() => checkBodyKind(LEASE, 'v1', { apiVersion: 'coordination.k8s.io/v1' }))).toBe('ok');
  });
});
