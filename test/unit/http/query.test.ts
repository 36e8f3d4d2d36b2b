import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { parseInt64, parseRequestOptions, queryBool, requestOptionsOf, validateListOptions } from '../../../workers/api/query';

function failure(f: () => unknown): { code: number; reason: string; message: string } | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { code: e.code, reason: e.reason, message: e.message };
  }
}

describe('queryBool (apimachinery Convert_Slice_string_To_bool)', () => {
  // rows as upstream's conversion reads them: only "0" and "false" in any case are false
  it.each([
    [[], false],
    [['0'], false],
    [['false'], false],
    [['False'], false],
    [['FALSE'], false],
    [['true'], true],
    [['True'], true],
    [['1'], true],
    [[''], true],
    [['f'], true],
    [['yes'], true],
    [['false', 'true'], false],
    [['true', 'false'], true],
  ] as const)('%j → %s', (values, want) => expect(queryBool([...values])).toBe(want));

  it("the Python client's watch=True opens a watch; allowWatchBookmarks and force follow the same rule", () => {
    const o = parseRequestOptions(new URLSearchParams('watch=True&allowWatchBookmarks=True&force=True'));
    expect(o).toMatchObject({ watch: true, allowWatchBookmarks: true, force: true });
    expect(parseRequestOptions(new URLSearchParams('watch=False&force=0'))).toMatchObject({ watch: false, force: false });
  });
});

describe('requestOptionsOf', () => {
  it('a URL without a query: exactly what an empty query parses to, key for key', () => {
    const none = parseRequestOptions(new URLSearchParams());
    for (const url of ['http://h/api/v1/namespaces/a/configmaps', 'http://h/api/v1/namespaces/a/configmaps?']) {
      const o = requestOptionsOf(new URL(url));
      expect(o).toStrictEqual(none);
      expect(Object.keys(o)).toEqual(Object.keys(none));
    }
  });

  it('a URL with a query is parsed (and refused) as parseRequestOptions does', () => {
    expect(requestOptionsOf(new URL('http://h/api/v1/pods?watch=1&limit=5'))).toStrictEqual(parseRequestOptions(new URLSearchParams('watch=1&limit=5')));
    expect(() => requestOptionsOf(new URL('http://h/api/v1/pods?dryRun=Some'))).toThrow();
  });
});

describe('parseInt64 (strconv.ParseInt(s, 10, 64))', () => {
  it.each([
    ['0', 0],
    ['500', 500],
    ['-1', -1],
    ['+7', 7],
    ['007', 7],
    ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808],
  ])('%s → %d', (s, n) => expect(parseInt64(s)).toBe(n));

  it.each([
    ['abc', 'invalid syntax'],
    ['', 'invalid syntax'],
    ['1.5', 'invalid syntax'],
    ['1e3', 'invalid syntax'],
    [' 5', 'invalid syntax'],
    ['0x10', 'invalid syntax'],
    ['9223372036854775808', 'value out of range'],
    ['-9223372036854775809', 'value out of range'],
    ['99999999999999999999999', 'value out of range'],
  ])('%j is 400: %s', (s, why) => {
    expect(failure(() => parseInt64(s))).toEqual({ code: 400, reason: 'BadRequest', message: `strconv.ParseInt: parsing ${JSON.stringify(s)}: ${why}` });
  });

  it.each(['limit', 'timeoutSeconds'])('a bad %s is 400 before anything runs', (name) => {
    expect(failure(() => parseRequestOptions(new URLSearchParams(`${name}=1e300`)))?.code).toBe(400);
  });
});

describe('validateListOptions (upstream TestValidateListOptions, WatchList off)', () => {
  const base = { watch: false } as const;
  it.each([
    ['valid-default', {}, []],
    ['valid-resourceversionmatch-exact', { resourceVersion: '1', resourceVersionMatch: 'Exact' }, []],
    [
      'invalid-resourceversionmatch-exact',
      { resourceVersion: '0', resourceVersionMatch: 'Exact' },
      ['resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    ],
    ['valid-resourceversionmatch-notolderthan', { resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' }, []],
    [
      'invalid-resourceversionmatch',
      { resourceVersion: '0', resourceVersionMatch: 'foo' },
      ['resourceVersionMatch: Unsupported value: "foo": supported values: "Exact", "NotOlderThan", ""'],
    ],
    ['list-sendInitialEvents-forbidden', { sendInitialEvents: true }, ['sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list']],
    ['match-without-resourceVersion', { resourceVersionMatch: 'NotOlderThan' }, ['resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided']],
    [
      'match-with-continue',
      { resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', continue: 'x' },
      ['resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided'],
    ],
    ['valid-watch-default', { watch: true }, []],
    [
      'watch-resourceversionmatch-without-sendInitialEvents-forbidden',
      { watch: true, resourceVersionMatch: 'NotOlderThan' },
      ['resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'],
    ],
    [
      'watch-sendInitialEvents-without-resourceversionmatch-forbidden',
      { watch: true, sendInitialEvents: true },
      [
        'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
      ],
    ],
    [
      'watch-sendInitialEvents-off-with-empty-resourceversionmatch-forbidden',
      { watch: true, sendInitialEvents: false },
      [
        'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
      ],
    ],
    [
      'watch-sendInitialEvents-no-watchlist-fg-disabled',
      { watch: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
      ['sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'],
    ],
  ] as const)('%s', (_name, opts, want) => {
    const f = failure(() => validateListOptions({ ...base, ...opts }));
    if (want.length === 0) {
      expect(f).toBeUndefined();
      return;
    }
    const list = want.length > 1 ? `[${want.join(', ')}]` : want[0];
    expect(f).toEqual({ code: 422, reason: 'Invalid', message: `ListOptions.meta.k8s.io "" is invalid: ${list}` });
  });
});
