// The subset of client-go JSONPath that CRD additionalPrinterColumns use, evaluated with
// AllowMissingKeys(true): fields (`.a.b`, `['a.b']`), indexes (`[0]`, `[-1]`), wildcards (`[*]`, `.*`),
// slices (`[1:3]`), recursive descent (`..name`) and filters (`[?(@.type=="Ready")]`, `[?(@.x)]`).

type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: Segment[]; op?: string; value?: unknown };

/** A parsed JSONPath; `find` returns every match in document order (empty when nothing matches). */
export interface JsonPath {
  find(root: unknown): unknown[];
}

/**
 * Parse a CRD column JSONPath (with or without surrounding braces); throws on syntax it does not know.
 * @example compileJsonPath('.status.conditions[?(@.type=="Ready")].status').find(obj)
 */
export function compileJsonPath(expr: string): JsonPath {
  let src = expr.trim();
  if (src.startsWith('{') && src.endsWith('}')) src = src.slice(1, -1).trim();
  const segments = new Parser(src).parsePath(false);
  return { find: (root) => evaluate(segments, [root]) };
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parsePath(inFilter: boolean): Segment[] {
    const out: Segment[] = [];
    if (this.src[this.pos] === '$' || this.src[this.pos] === '@') this.pos++;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '.') {
        if (this.src[this.pos + 1] === '.') {
          this.pos += 2;
          out.push({ kind: 'recursive', name: this.ident() });
          continue;
        }
        this.pos++;
        if (this.src[this.pos] === '*') {
          this.pos++;
          out.push({ kind: 'wildcard' });
        } else if (this.pos < this.src.length && this.src[this.pos] !== '[') {
          out.push({ kind: 'field', name: this.ident() });
        }
      } else if (c === '[') {
        out.push(this.bracket());
      } else if (inFilter) {
        break;
      } else {
        throw new Error(`unrecognized character in JSONPath at ${this.pos}: ${this.src}`);
      }
    }
    return out;
  }

  private ident(): string {
    let name = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '\\' && this.pos + 1 < this.src.length) {
        name += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === '.' || c === '[' || c === ']' || c === ' ' || c === '=' || c === '!' || c === '<' || c === '>' || c === ')') break;
      name += c;
      this.pos++;
    }
    if (!name) throw new Error(`empty field name in JSONPath: ${this.src}`);
    return name;
  }

  private bracket(): Segment {
    this.pos++; // [
    const close = this.src.indexOf(']', this.pos);
    if (this.src.startsWith('?(', this.pos)) {
      this.pos += 2;
      const seg = this.filter();
      this.expect(')');
      this.expect(']');
      return seg;
    }
    if (close < 0) throw new Error(`unterminated [ in JSONPath: ${this.src}`);
    const body = this.src.slice(this.pos, close).trim();
    this.pos = close + 1;
    if (body === '*') return { kind: 'wildcard' };
    const quoted = /^(['"])(.*)\1$/.exec(body);
    if (quoted) return { kind: 'field', name: quoted[2]! };
    if (/^-?\d+$/.test(body)) return { kind: 'index', index: Number(body) };
    const slice = /^(-?\d*):(-?\d*)$/.exec(body);
    if (slice) {
      return { kind: 'slice', start: slice[1] ? Number(slice[1]) : undefined, end: slice[2] ? Number(slice[2]) : undefined };
    }
    throw new Error(`unsupported JSONPath subscript [${body}]`);
  }

  private filter(): Segment {
    this.skipSpaces();
    if (this.src[this.pos] !== '@') throw new Error(`JSONPath filter must start with @: ${this.src}`);
    const path = this.parsePath(true);
    this.skipSpaces();
    const op = /^(==|!=|<=|>=|<|>)/.exec(this.src.slice(this.pos))?.[1];
    if (!op) return { kind: 'filter', path };
    this.pos += op.length;
    this.skipSpaces();
    return { kind: 'filter', path, op, value: this.literal() };
  }

  private literal(): unknown {
    const rest = this.src.slice(this.pos);
    const str = /^(['"])(.*?)\1/.exec(rest);
    if (str) {
      this.pos += str[0].length;
      return str[2];
    }
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    const word = /^(true|false)/.exec(rest);
    if (word) {
      this.pos += word[0].length;
      return word[0] === 'true';
    }
    throw new Error(`unsupported JSONPath filter literal: ${rest}`);
  }

  private skipSpaces(): void {
    while (this.src[this.pos] === ' ') this.pos++;
  }

  private expect(c: string): void {
    this.skipSpaces();
    if (this.src[this.pos] !== c) throw new Error(`expected ${c} in JSONPath: ${this.src}`);
    this.pos++;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function evaluate(segments: Segment[], nodes: unknown[]): unknown[] {
  let current = nodes;
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const node of current) step(seg, node, next);
    current = next;
  }
  return current;
}

function step(seg: Segment, node: unknown, out: unknown[]): void {
  switch (seg.kind) {
    case 'field':
      if (isObject(node) && seg.name in node) out.push(node[seg.name]);
      return;
    case 'recursive':
      collect(node, seg.name, out);
      return;
    case 'wildcard':
      if (Array.isArray(node)) out.push(...node);
      else if (isObject(node)) out.push(...Object.keys(node).sort().map((k) => node[k]));
      return;
    case 'index':
      if (Array.isArray(node)) {
        const i = seg.index < 0 ? node.length + seg.index : seg.index;
        if (i >= 0 && i < node.length) out.push(node[i]);
      }
      return;
    case 'slice':
      if (Array.isArray(node)) out.push(...node.slice(seg.start, seg.end));
      return;
    case 'filter': {
      const items = Array.isArray(node) ? node : [node];
      for (const item of items) if (matches(seg, item)) out.push(item);
      return;
    }
  }
}

function collect(node: unknown, name: string, out: unknown[]): void {
  if (isObject(node)) {
    if (name in node) out.push(node[name]);
    for (const k of Object.keys(node).sort()) collect(node[k], name, out);
  } else if (Array.isArray(node)) {
    for (const item of node) collect(item, name, out);
  }
}

function matches(seg: Extract<Segment, { kind: 'filter' }>, item: unknown): boolean {
  const found = evaluate(seg.path, [item]);
  if (seg.op === undefined) return found.length > 0 && found[0] !== null && found[0] !== undefined;
  if (found.length === 0) return false;
  const left = found[0];
  const right = seg.value;
  switch (seg.op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
  }
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  switch (seg.op) {
    case '<':
      return left < right;
    case '>':
      return left > right;
    case '<=':
      return left <= right;
    case '>=':
      return left >= right;
  }
  return false;
}
