import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { ApiError } from '../../../shared/api/errors';
import { admitCreate } from '../../../shared/apiserver/admission';
import { admitScale } from '../../../shared/apiserver/store-writes';
import { builtinSchemas, decodeBody, goBase64Check } from '../../../shared/openapi';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';
const dep = (spec: object) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec });
const ctx = { now: '2024-01-01T00:00:00Z', newUid: () => 'u', rand: () => 0.5 };

describe('decodeBody: integers are range-checked by their Go type', () => {
  it.each([
    ['int32 max', { replicas: 2147483647 }, []],
    ['int32 max + 1', { replicas: 2147483648 }, ['Invalid value: 2147483648: spec.replicas in body must be of type int32: "2147483648"']],
    ['int32 min - 1', { replicas: -2147483649 }, ['Invalid value: -2147483649: spec.replicas in body must be of type int32: "-2147483649"']],
    ['1e300', { replicas: 1e300 }, ['Invalid value: 1e300: spec.replicas in body must be of type int32: "1e300"']],
    ['a fraction', { replicas: 1.5 }, ['Invalid value: "number": spec.replicas in body must be of type integer: "number"']],
    // IntOrString holds an int32 too
    ['an int-or-string beyond int32', { strategy: { rollingUpdate: { maxSurge: 4294967296 } } }, [
      'Invalid value: 4294967296: spec.strategy.rollingUpdate.maxSurge in body must be of type int32: "4294967296"',
    ]],
  ])('%s', (_, spec, messages) => {
    expect(decodeBody(builtinSchemas, DEPLOYMENT, dep(spec), { prune: false }).typeErrors.map((c) => c.message)).toEqual(messages);
  });

  it('int64 fields take values beyond int32 and stop at 2^63', () => {
    const pod = (s: number) => ({ spec: { activeDeadlineSeconds: s } });
    expect(decodeBody(builtinSchemas, POD, pod(2 ** 40), { prune: false }).typeErrors).toEqual([]);
    expect(decodeBody(builtinSchemas, POD, pod(2 ** 63), { prune: false }).typeErrors.map((c) => c.field)).toEqual(['spec.activeDeadlineSeconds']);
  });

  it('every integer field of every built-in kind carries its format, so none escapes the range check', () => {
    const unformatted: string[] = [];
    for (const def of BUILTIN_RESOURCES) {
      for (const typeName of Object.values(def.typeNames ?? {})) {
        const seen = new Set<string>();
        const visit = (name: string) => {
          if (seen.has(name)) return;
          seen.add(name);
          for (const [f, schema] of Object.entries(builtinSchemas.type(name)?.fields ?? {})) {
            let s = schema;
            while ((s.kind === 'array' || s.kind === 'map') && (s.items ?? s.values)) s = (s.items ?? s.values)!;
            if (s.kind === 'integer' && s.format !== 'int32' && s.format !== 'int64') unformatted.push(`${name}.${f}`);
            if (s.kind === 'object' && s.ref) visit(s.ref);
          }
        };
        visit(typeName);
      }
    }
    expect(unformatted).toEqual([]);
  });
});

describe('decodeBody: nulls read as Go reads them', () => {
  it('a null list item is the zero value, a null field is absent, a null map value is ""', () => {
    const { object } = decodeBody(
      builtinSchemas,
      POD,
      { metadata: null, spec: { containers: [null], nodeSelector: { a: null }, tolerations: null, volumes: [null] } },
      { prune: true },
    );
    expect(object).toEqual({ spec: { containers: [{}], nodeSelector: { a: '' }, volumes: [{}] } });
  });

  it('keeps __proto__ and constructor as ordinary keys', () => {
    const body = JSON.parse('{"data":{"__proto__":"p","constructor":"c"}}');
    const { object } = decodeBody(builtinSchemas, 'io.k8s.api.core.v1.ConfigMap', body, { prune: true }) as { object: { data: Record<string, string> } };
    expect(Object.getPrototypeOf(object.data)).toBe(Object.prototype);
    expect(Object.keys(object.data)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(object)).toBe('{"data":{"__proto__":"p","constructor":"c"}}');
  });
});

describe('goBase64Check: encoding/base64 StdEncoding as encoding/json applies it to []byte', () => {
  // rows from Go's encoding/base64 TestDecodeCorrupt, plus the decoded lengths of valid input
  it.each([
    ['', { length: 0 }],
    ['YQ==', { length: 1 }],
    ['YWI=', { length: 2 }],
    ['YWJj', { length: 3 }],
    ['YW\nJj\r\n', { length: 3 }],
    ['!!!!', { corruptAt: 0 }],
    ['====', { corruptAt: 0 }],
    ['x===', { corruptAt: 1 }],
    ['=AAA', { corruptAt: 0 }],
    ['A=AA', { corruptAt: 1 }],
    ['AA=A', { corruptAt: 2 }],
    ['AA==A', { corruptAt: 4 }],
    ['AAA=AAAA', { corruptAt: 4 }],
    ['AAAAA', { corruptAt: 4 }],
    ['AAAAAA', { corruptAt: 4 }],
    ['A=', { corruptAt: 1 }],
    ['A==', { corruptAt: 1 }],
    ['AA=', { corruptAt: 3 }],
    ['AA==', { length: 1 }],
    ['AAA=', { length: 2 }],
    ['AAAA', { length: 3 }],
    ['AAAAAA=', { corruptAt: 7 }],
    ['YWJ', { corruptAt: 0 }],
  ])('%j', (input, want) => {
    expect(goBase64Check(input)).toEqual(want);
  });
});

describe('checkBody at admission', () => {
  const DEPLOYMENTS = BUILTIN_RESOURCES.find((d) => d.kind === 'Deployment')!;
  const SECRETS = BUILTIN_RESOURCES.find((d) => d.kind === 'Secret')!;

  it('refuses replicas 2147483648 with 422 naming the field', () => {
    try {
      admitCreate(DEPLOYMENTS, dep({ replicas: 2147483648 }) as never, 'team', ctx, { version: 'v1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect([(e as ApiError).code, (e as ApiError).message]).toEqual([
        422,
        'Deployment.apps "d" is invalid: spec.replicas: Invalid value: 2147483648: spec.replicas in body must be of type int32: "2147483648"',
      ]);
    }
  });

  it('refuses a scale to 2147483648 (the scale subresource writes the same int32 field)', () => {
    const created = admitCreate(DEPLOYMENTS, dep({ replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } }) as never, 'team', ctx, { version: 'v1' }).object;
    const stored = { ...created, metadata: { ...created.metadata, resourceVersion: '3' } };
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd' }, spec: { replicas: 2147483648 } };
    expect(() => admitScale({ def: DEPLOYMENTS, name: 'd', scale } as never, stored as never, ctx)).toThrow(
      'spec.replicas: Invalid value: 2147483648: spec.replicas in body must be of type int32: "2147483648"',
    );
    expect(admitScale({ def: DEPLOYMENTS, name: 'd', scale: { ...scale, spec: { replicas: 2147483647 } } } as never, stored as never, ctx).object.spec).toMatchObject({ replicas: 2147483647 });
  });

  it('refuses a timestamp Go cannot parse with upstream 400 decode error: a stored one would break every typed list', () => {
    const EVENTS = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Event')!;
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, lastTimestamp: 'not-a-time' };
    try {
      admitCreate(EVENTS, event, 'team', ctx, { version: 'v1' });
      expect.unreachable();
    } catch (e) {
      expect([(e as ApiError).code, (e as ApiError).reason, (e as ApiError).message]).toEqual([
        400,
        'BadRequest',
        'Event in version "v1" cannot be handled as a Event: parsing time "not-a-time" as "2006-01-02T15:04:05Z07:00": cannot parse "not-a-time" as "2006"',
      ]);
    }
  });

  it('refuses invalid base64 in Secret data with upstream 400 decode error', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } };
    try {
      admitCreate(SECRETS, secret, 'team', ctx, { version: 'v1' });
      expect.unreachable();
    } catch (e) {
      expect([(e as ApiError).code, (e as ApiError).reason, (e as ApiError).message]).toEqual([
        400,
        'BadRequest',
        'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
      ]);
    }
  });
});
