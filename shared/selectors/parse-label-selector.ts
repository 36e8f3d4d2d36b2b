import { badRequest } from '../api/errors';
import {
  BINARY_OPERATORS,
  labelKeyError,
  requirementError,
  sortByKey,
  type LabelOperator,
  type LabelRequirement,
} from './label-requirement';

/**
 * A port of labels.Parse (k8s.io/apimachinery/pkg/labels/selector.go): same lexer, same
 * recursive descent, same error strings, so `?labelSelector=` errors read exactly as upstream.
 */

const enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

function tokenOf(s: string): Tok | undefined {
  return Object.prototype.hasOwnProperty.call(STRING_TO_TOKEN, s) ? STRING_TO_TOKEN[s] : undefined;
}

function lex(s: string): Item[] {
  let pos = 0;
  const read = (): string => (pos < s.length ? s[pos++]! : '');
  const unread = (): void => void pos--;
  const items: Item[] = [];
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    unread();
    if (isSpecial(ch)) {
      // Longest run of special symbols that is still a token ("!=" over "!").
      let buf = '';
      let last: Item | null = null;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (!isSpecial(c)) {
          unread();
          break;
        }
        buf += c;
        const t = tokenOf(buf);
        if (t !== undefined) last = { tok: t, lit: buf };
        else if (last) {
          unread();
          break;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` });
    } else {
      let buf = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c) || isWhitespace(c)) {
          unread();
          break;
        }
        buf += c;
      }
      const t = tokenOf(buf);
      items.push({ tok: t ?? Tok.Identifier, lit: buf });
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  // In a values context the keywords `in`/`notin` are plain identifiers ("x in (in)").
  private fix(item: Item, values: boolean): Item {
    return values && (item.tok === Tok.In || item.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: item.lit } : item;
  }
  lookahead(values = true): Item {
    return this.fix(this.items[this.pos]!, values);
  }
  consume(values = true): Item {
    return this.fix(this.items[this.pos++]!, values);
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead();
      if (tok === Tok.Identifier || tok === Tok.DoesNotExist) {
        let r: LabelRequirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          throw new Error(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const next = this.consume();
        if (next.tok === Tok.EndOfString) return reqs;
        if (next.tok === Tok.Comma) {
          const t2 = this.lookahead();
          if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist)
            throw new Error(`found '${t2.lit}', expected: identifier after ','`);
        } else {
          throw new Error(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === Tok.EndOfString) {
        return reqs;
      } else {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred === 'exists' || inferred === '!') return newRequirement(key, inferred, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): [string, LabelOperator | null] {
    let op: LabelOperator | null = null;
    let item = this.consume();
    if (item.tok === Tok.DoesNotExist) {
      op = '!';
      item = this.consume();
    }
    if (item.tok !== Tok.Identifier) throw new Error(`found '${item.lit}', expected: identifier`);
    const keyErr = labelKeyError(item.lit, null);
    if (keyErr) throw new Error(keyErr);
    const t = this.lookahead().tok;
    if ((t === Tok.EndOfString || t === Tok.Comma) && op !== '!') op = 'exists';
    return [item.lit, op];
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case Tok.In:
        return 'in';
      case Tok.Equals:
        return '=';
      case Tok.DoubleEquals:
        return '==';
      case Tok.GreaterThan:
        return 'gt';
      case Tok.LessThan:
        return 'lt';
      case Tok.NotIn:
        return 'notin';
      case Tok.NotEquals:
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume();
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead();
    if (tok === Tok.Identifier || tok === Tok.Comma) {
      const s = this.parseIdentifiersList();
      // Upstream reports the literal seen before the list, not the offending token.
      if (this.consume().tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === Tok.ClosedPar) {
      this.consume();
      return new Set(['']);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume();
      if (tok === Tok.Identifier) {
        s.add(lit);
        const next = this.lookahead();
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return s;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === Tok.Comma) {
        if (s.size === 0) s.add('');
        const next = this.lookahead().tok;
        if (next === Tok.ClosedPar) {
          s.add('');
          return s;
        }
        if (next === Tok.Comma) {
          this.consume();
          s.add('');
        }
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.lookahead().tok;
    if (t === Tok.EndOfString || t === Tok.Comma) return new Set(['']);
    const { tok, lit } = this.consume();
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const req = { key, operator, values };
  const err = requirementError(req);
  if (err) throw new Error(err);
  return req;
}

/**
 * Parses a `labelSelector` query string into requirements sorted by key.
 * Throws ApiError 400 BadRequest with upstream's message on bad syntax.
 * @example parseLabelSelector('app=web,tier notin (db),!canary')
 */
export function parseLabelSelector(s: string): LabelRequirement[] {
  try {
    return sortByKey(new Parser(lex(s)).parse());
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}
