import { badRequest } from '../api/errors';
import { convertFieldLabel } from './field-labels';

/** One ANDed term of a field selector. `==` parses to `=`, as upstream's hasTerm does. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** fields.EscapeValue: backslash-escapes `\`, `,` and `=` so a value survives parsing. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue; throws Error with upstream's message on a bad escape. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    // Upstream formats the rune with %v, which prints its code point ("61" for '=').
    else if (c === ',' || c === '=') throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

// Commas escaped with a backslash are data, not separators; the backslash stays in the term.
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

// The first operator occurrence splits the term; the left side cannot be escaped.
function splitTerm(term: string): [string, (typeof TERM_OPERATORS)[number], string] | null {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
  }
  return null;
}

/**
 * Parses a `fieldSelector` query string (fields.ParseSelector): `a=b,c!=d`, `==` allowed,
 * values unescaped. With `target`, each field label is also checked and converted for that kind
 * (the scheme's field label conversion), as the apiserver does before listing.
 * Throws ApiError 400 BadRequest with upstream's wording.
 * @example parseFieldSelector('spec.nodeName=node1', { group: '', kind: 'Pod' })
 */
export function parseFieldSelector(s: string, target?: { group: string; kind: string }): FieldRequirement[] {
  const parts = splitTerms(s).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    let value: string;
    try {
      value = unescapeFieldValue(rhs);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
    reqs.push({ field, operator: op === '!=' ? '!=' : '=', value });
  }
  if (!target) return reqs;
  return reqs.map((r) => {
    const converted = convertFieldLabel(target.group, target.kind, r.field);
    if (typeof converted !== 'string') throw badRequest(converted.error);
    return { ...r, field: converted };
  });
}

/** A selector's String(): `a=b,c!=d` with values re-escaped. */
export function fieldSelectorToString(reqs: readonly FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

/**
 * True when every term matches. A field the getter does not know reads as "" (fields.Set.Get),
 * so `spec.nodeName=` selects unscheduled pods.
 */
export function matchesFields(reqs: readonly FieldRequirement[], fieldGetter: (path: string) => string | undefined): boolean {
  return reqs.every((r) => {
    const actual = fieldGetter(r.field) ?? '';
    return r.operator === '=' ? actual === r.value : actual !== r.value;
  });
}
