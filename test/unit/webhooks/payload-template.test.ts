import { describe, expect, it } from 'vitest';
import { parsePath, renderTemplate, templateErrors, valueAt } from '../../../shared/webhooks';

const payload = {
  replicas: 3,
  ref: 'refs/heads/main',
  pull_request: { head: { sha: 'abc123' }, merged: true },
  commits: [{ id: 'c1' }, { id: 'c2' }],
  labels: { 'app.kubernetes.io/name': 'web' },
  nothing: null,
};

describe('parsePath', () => {
  const rows: [string, unknown][] = [
    ['.', []],
    ['.replicas', ['replicas']],
    ['.pull_request.head.sha', ['pull_request', 'head', 'sha']],
    ['.commits[1].id', ['commits', 1, 'id']],
    [".labels['app.kubernetes.io/name']", ['labels', 'app.kubernetes.io/name']],
    ['.labels["a b"]', ['labels', 'a b']],
    ['[0]', [0]],
  ];
  for (const [inner, steps] of rows) it(`${inner} → ${JSON.stringify(steps)}`, () => expect(parsePath(inner)).toEqual(steps));

  for (const bad of ['..a', '.a..b', '.a[x]', '.a[-1]', ".a['b]", '.a b', 'a']) {
    it(`refuses ${bad}`, () => expect(typeof parsePath(bad)).toBe('string'));
  }
});

describe('valueAt', () => {
  it('reads own properties and indexes only', () => {
    expect(valueAt(payload, ['commits', 0, 'id'])).toBe('c1');
    expect(valueAt(payload, ['commits', 2])).toBeUndefined();
    expect(valueAt(payload, ['nothing'])).toBeNull();
    expect(valueAt(payload, ['__proto__'])).toBeUndefined();
    expect(valueAt(payload, ['replicas', 'x'])).toBeUndefined();
    expect(valueAt(payload, ['commits', 'length'])).toBeUndefined();
  });
});

describe('renderTemplate', () => {
  const render = (v: unknown) => renderTemplate(v as never, payload, 'spec');
  it('a lone expression keeps the value\'s type', () => {
    expect(render('{.replicas}')).toEqual({ ok: true, value: 3 });
    expect(render('{.pull_request.merged}')).toEqual({ ok: true, value: true });
    expect(render('{.pull_request.head}')).toEqual({ ok: true, value: { sha: 'abc123' } });
    expect(render('{.nothing}')).toEqual({ ok: true, value: null });
    expect(render('{.}')).toEqual({ ok: true, value: payload });
  });

  it('expressions inside text are interpolated', () => {
    expect(render('build-{.pull_request.head.sha}-{.replicas}')).toEqual({ ok: true, value: 'build-abc123-3' });
    expect(render("{.labels['app.kubernetes.io/name']}:{.commits[1].id}")).toEqual({ ok: true, value: 'web:c2' });
  });

  it('renders every string of objects and arrays, leaving keys and other values alone', () => {
    expect(render({ spec: { replicas: '{.replicas}', paused: false, tags: ['{.ref}', 'x'] }, '{.ref}': 1 })).toEqual({
      ok: true,
      value: { spec: { replicas: 3, paused: false, tags: ['refs/heads/main', 'x'] }, '{.ref}': 1 },
    });
  });

  it('a { not followed by . or [ is plain text', () => {
    expect(render('{"json": true} and {x}')).toEqual({ ok: true, value: '{"json": true} and {x}' });
  });

  it('a path with no value is an error naming the field and the expression', () => {
    expect(render({ a: [{ b: 'x{.missing}' }] })).toEqual({ ok: false, field: 'spec.a[0].b', message: 'the payload has no value at {.missing}' });
  });

  it('syntax errors are found at admission', () => {
    expect(templateErrors({ a: '{.ok}', b: ['{.bad..x}'], c: '{.open' }, 'spec')).toEqual([
      { field: 'spec.b[0]', message: 'invalid expression "{.bad..x}": expected a field name after \'.\' at offset 4' },
      { field: 'spec.c', message: 'unterminated expression "{.open"' },
    ]);
  });
});
