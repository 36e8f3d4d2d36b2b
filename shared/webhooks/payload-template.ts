import type { Json } from '../api/object';

/**
 * Values taken from a delivery's JSON payload, in a small subset of kubectl's JSONPath:
 * `{.replicas}`, `{.pull_request.head.sha}`, `{.commits[0].id}`, `{.labels['app.kubernetes.io/name']}`,
 * and `{.}` for the whole payload. A `{` not followed by `.` or `[` is plain text.
 *
 * A string that is exactly one expression takes the value's JSON type (`"{.replicas}"` → 3); an
 * expression inside other text is interpolated (`"build-{.sha}"`; strings as they are, other values
 * as JSON). A path with no value in the payload is an error: nothing is guessed.
 * @example renderTemplate({ replicas: '{.n}' }, { n: 3 }, 'spec') → { ok: true, value: { replicas: 3 } }
 */
export type PathStep = string | number;

type Segment = { text: string } | { path: PathStep[]; source: string };

export interface TemplateError {
  field: string;
  message: string;
}

export type Rendered = { ok: true; value: Json } | ({ ok: false } & TemplateError);

/** The steps of an expression's inside (`.a[0]['b.c']`), or an error message. */
export function parsePath(inner: string): PathStep[] | string {
  if (inner === '.') return [];
  const steps: PathStep[] = [];
  let i = 0;
  while (i < inner.length) {
    const c = inner[i];
    if (c === '.') {
      const m = /^[^.[\]{}'"\s]+/.exec(inner.slice(i + 1));
      if (!m) return `expected a field name after '.' at offset ${i}`;
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = inner.slice(i);
      const m = /^\[(\d+)\]/.exec(rest) ?? /^\['([^']*)'\]/.exec(rest) ?? /^\["([^"]*)"\]/.exec(rest);
      if (!m) return `expected [<index>] or ['<key>'] at offset ${i}`;
      steps.push(/^\[\d/.test(m[0]) ? Number(m[1]) : m[1]!);
      i += m[0].length;
    } else {
      return `unexpected ${JSON.stringify(c)} at offset ${i}`;
    }
  }
  return steps;
}

/** A string cut into text and expressions, or the first syntax error. */
function segments(s: string): Segment[] | string {
  const out: Segment[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const next = s[i + 1];
    if (s[i] === '{' && (next === '.' || next === '[')) {
      const end = s.indexOf('}', i);
      if (end < 0) return `unterminated expression ${JSON.stringify(s.slice(i))}`;
      const source = s.slice(i, end + 1);
      const path = parsePath(s.slice(i + 1, end));
      if (typeof path === 'string') return `invalid expression ${JSON.stringify(source)}: ${path}`;
      if (text) out.push({ text });
      text = '';
      out.push({ path, source });
      i = end + 1;
    } else {
      text += s[i];
      i++;
    }
  }
  if (text) out.push({ text });
  return out;
}

/** The payload's value at `path`, or undefined when it has none (own properties only). */
export function valueAt(payload: Json, path: PathStep[]): Json | undefined {
  let cur: Json | undefined = payload;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return undefined;
      cur = cur[step];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, Json>)[step];
    }
  }
  return cur;
}

/** Syntax errors of every expression in `value` (checked when a trigger is written). */
export function templateErrors(value: unknown, field: string): TemplateError[] {
  if (typeof value === 'string') {
    const s = segments(value);
    return typeof s === 'string' ? [{ field, message: s }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => templateErrors(v, `${field}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => templateErrors(v, `${field}.${k}`));
  return [];
}

/** `value` with every expression replaced by what the payload holds there. */
export function renderTemplate(value: Json, payload: Json, field: string): Rendered {
  if (typeof value === 'string') return renderString(value, payload, field);
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = renderTemplate(value[i]!, payload, `${field}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renderTemplate(v, payload, `${field}.${k}`);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

function renderString(s: string, payload: Json, field: string): Rendered {
  const parts = segments(s);
  if (typeof parts === 'string') return { ok: false, field, message: parts };
  const values: string[] = [];
  for (const p of parts) {
    if ('text' in p) {
      values.push(p.text);
      continue;
    }
    const v = valueAt(payload, p.path);
    if (v === undefined) return { ok: false, field, message: `the payload has no value at ${p.source}` };
    // a lone expression keeps the value's type: "{.replicas}" is the number 3
    if (parts.length === 1) return { ok: true, value: v };
    values.push(typeof v === 'string' ? v : JSON.stringify(v));
  }
  return { ok: true, value: values.join('') };
}
