import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { parseDeleteOptions } from '../../../workers/api/delete-options';

const none = new URLSearchParams();

function failure(body: string, query = none): { code: number; message: string } | undefined {
  try {
    parseDeleteOptions(body, query);
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('parseDeleteOptions', () => {
  it('reads the body, or the query when there is no body (the query is then ignored, as upstream)', () => {
    expect(parseDeleteOptions('', new URLSearchParams('propagationPolicy=Foreground&gracePeriodSeconds=5'))).toEqual({
      propagationPolicy: 'Foreground',
      gracePeriodSeconds: 5,
      preconditions: undefined,
      dryRun: false,
    });
    expect(parseDeleteOptions('{"propagationPolicy":"Orphan"}', new URLSearchParams('propagationPolicy=Foreground'))).toMatchObject({
      propagationPolicy: 'Orphan',
    });
    expect(parseDeleteOptions('{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"u"}}', none)).toMatchObject({ preconditions: { uid: 'u' } });
  });

  it('orphanDependents maps to a policy; a dry run in the query always counts', () => {
    expect(parseDeleteOptions('{"orphanDependents":true}', none).propagationPolicy).toBe('Orphan');
    expect(parseDeleteOptions('', new URLSearchParams('orphanDependents=false')).propagationPolicy).toBe('Background');
    expect(parseDeleteOptions('{}', new URLSearchParams('dryRun=All')).dryRun).toBe(true);
    expect(parseDeleteOptions('{"dryRun":["All"]}', none).dryRun).toBe(true);
  });

  it('a negative grace period means 1 second (upstream BeforeDelete)', () => {
    expect(parseDeleteOptions('{"gracePeriodSeconds":-5}', none).gracePeriodSeconds).toBe(1);
    expect(parseDeleteOptions('', new URLSearchParams('gracePeriodSeconds=-1')).gracePeriodSeconds).toBe(1);
  });

  // ValidateDeleteOptions, as the 422 upstream's delete handler answers
  it.each([
    ['{"propagationPolicy":"Bogus"}', none, 'propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"'],
    ['', new URLSearchParams('propagationPolicy=bogus'), 'propagationPolicy: Unsupported value: "bogus": supported values: "Foreground", "Background", "Orphan", "nil"'],
    ['{"propagationPolicy":"Orphan","orphanDependents":true}', none, 'propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set'],
    ['{"dryRun":["Some"]}', none, 'dryRun: Unsupported value: []string{"Some"}: supported values: "All"'],
  ])('%s %s is 422', (body, query, detail) => {
    expect(failure(body, query)).toEqual({ code: 422, message: `DeleteOptions.meta.k8s.io "" is invalid: ${detail}` });
  });

  it.each([
    ['null', 'DeleteOptions: the request body must be a JSON object, not null'],
    ['[]', `couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type`],
    ['"x"', `couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type`],
    ['42', `couldn't get version/kind; json parse error: json: cannot unmarshal number into Go value of type`],
    ['{"gracePeriodSeconds":1.5}', 'json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64'],
    ['{"gracePeriodSeconds":"5"}', 'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64'],
    ['{"gracePeriodSeconds":1e300}', 'json: cannot unmarshal number 1e+300 into Go struct field DeleteOptions.gracePeriodSeconds of type int64'],
    ['{"propagationPolicy":7}', 'json: cannot unmarshal number 7 into Go struct field DeleteOptions.propagationPolicy of type string'],
    ['{"orphanDependents":"yes"}', 'json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool'],
    ['{"preconditions":[]}', 'json: cannot unmarshal array into Go struct field DeleteOptions.preconditions of type v1.Preconditions'],
    ['{"preconditions":{"uid":1}}', 'json: cannot unmarshal number 1 into Go struct field DeleteOptions.preconditions.uid of type string'],
    ['{"dryRun":"All"}', 'json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string'],
    ['{"kind":"Pod"}', 'decoded object cannot be converted to DeleteOptions'],
    ['{', 'error decoding DeleteOptions'],
  ])('body %s is 400', (body, message) => {
    const f = failure(body);
    expect(f?.code).toBe(400);
    expect(f?.message).toContain(message);
  });

  it.each(['gracePeriodSeconds=1.5', 'gracePeriodSeconds=abc', 'gracePeriodSeconds=9223372036854775808'])('query %s is 400', (q) => {
    expect(failure('', new URLSearchParams(q))?.code).toBe(400);
  });
});
