import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import {
  labelSelectorFromObject,
  labelSelectorToString,
  matchesLabels,
  parseLabelSelector,
  requirementsToString,
} from '../../../shared/selectors';

function parseError(s: string): ApiError {
  try {
    parseLabelSelector(s);
  } catch (e) {
    return e as ApiError;
  }
  throw new Error(`expected ${s} to fail`);
}

describe('parseLabelSelector', () => {
  // Upstream selector_test.go TestSelectorParse good strings, with their String() forms.
  it.each([
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['', ''],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=', 'x='],
    ['x= ', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x>1,z<5', 'x>1,z<5'],
    ['x in (),y', 'x in (),y'],
    ['y,x in (b,a)', 'x in (a,b),y'],
    // "(,)" is the set {""}, printed as "()".
    ['x in (a,b),y notin (,),z', 'x in (a,b),y notin (),z'],
    ['x==a', 'x==a'],
    ['  app = web , tier notin (db, cache) ', 'app=web,tier notin (cache,db)'],
    ['x in (in)', 'x in (in)'],
    ['example.com/app=a_b.c-1', 'example.com/app=a_b.c-1'],
  ])('parses %j and prints it as %j', (input, printed) => {
    expect(requirementsToString(parseLabelSelector(input))).toBe(printed);
  });

  it('returns structured requirements sorted by key', () => {
    expect(parseLabelSelector('tier in (b,a),!canary,app')).toEqual([
      { key: 'app', operator: 'exists', values: [] },
      { key: 'canary', operator: '!', values: [] },
      { key: 'tier', operator: 'in', values: ['a', 'b'] },
    ]);
  });

  const QNAME =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  it.each([
    // Messages seen from real apiservers (kubectl prints them after "Unable to find ...:").
    ['app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${QNAME}`],
    ['*bar', `unable to parse requirement: <nil>: Invalid value: "*bar": ${QNAME}`],
    [
      'a/b/c ?=? def',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      'app.kubernetes_io/name=x',
      `unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      'a=b_',
      `unable to parse requirement: values[0][a]: Invalid value: "b_": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
    [
      'x=a||y=b',
      `unable to parse requirement: values[0][x]: Invalid value: "a||y": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', 'unable to parse requirement: values[0]: Invalid value: "a": for \'Gt\', \'Lt\' operators, the value must be an integer'],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x y', "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"],
  ])('rejects %j with a 400', (input, message) => {
    const err = parseError(input);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(message);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'frontend', n: '5' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier in (frontend,backend)', true],
    ['tier notin (frontend)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['n>4', true],
    ['n<5', false],
    ['missing>1', false],
    ['app=web,tier=backend', false],
  ])('%j → %s', (sel, want) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('treats a null selector as Nothing()', () => {
    expect(matchesLabels(null, labels)).toBe(false);
    expect(matchesLabels([], undefined)).toBe(true);
  });
});

describe('labelSelectorFromObject / labelSelectorToString', () => {
  it.each([
    [{ matchLabels: { app: 'nginx' } }, 'app=nginx'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'Exists' },
        ],
      },
      'app=web,!canary,env notin (prod),tier in (a,b),zone',
    ],
    [{}, ''],
  ])('%j prints as %j', (sel, want) => {
    expect(labelSelectorToString(sel)).toBe(want);
  });

  it('matches like upstream LabelSelectorAsSelector', () => {
    const reqs = labelSelectorFromObject({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] });
    expect(matchesLabels(reqs, { tier: 'a' })).toBe(true);
    expect(matchesLabels(labelSelectorFromObject({}), {})).toBe(true);
    expect(labelSelectorFromObject(undefined)).toBeNull();
  });

  it('rejects an unknown operator with upstream wording', () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Foo' }] })).toThrow(
      '"Foo" is not a valid label selector operator',
    );
  });

  it('rejects In without values', () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
  });
});
