import { ALL_AUTHENTICATED, type UserInfo } from '../user-info';
import { constantTimeEqual } from './token-hash';

/** One static token, kept only as its SHA-256 (hex). */
export interface StaticToken {
  sha256: string;
  user: UserInfo;
}

/**
 * Parses upstream's token-auth-file format, with the token's SHA-256 in place of the token:
 * one `sha256hex,user,uid[,"group1,group2"]` per line; `#` comments and blank lines skipped.
 * Lines that do not parse are reported, not skipped silently.
 * @example parseStaticTokens('9f86…08,alice,u-1,"dev,ops"')
 */
export function parseStaticTokens(text: string): { tokens: StaticToken[]; errors: string[] } {
  const tokens: StaticToken[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([0-9a-fA-F]{64}),([^,"]+),([^,"]*)(?:,"([^"]*)"|,([^,"]*))?$/.exec(line);
    if (!m) {
      errors.push(`line ${i + 1}: expected sha256hex,user,uid[,"group1,group2"]`);
      return;
    }
    const groups = (m[4] ?? m[5] ?? '').split(',').map((g) => g.trim()).filter(Boolean);
    tokens.push({ sha256: m[1]!.toLowerCase(), user: { username: m[2]!, ...(m[3] ? { uid: m[3] } : {}), groups: withAuthenticated(groups) } });
  });
  return { tokens, errors };
}

/** Every authenticated user is in system:authenticated (upstream's AuthenticatedGroupAdder), once. */
export function withAuthenticated(groups: string[]): string[] {
  return groups.includes(ALL_AUTHENTICATED) ? groups : [...groups, ALL_AUTHENTICATED];
}

/** The user whose token hashes to `sha256`; every entry is compared, in constant time each. */
export function matchStaticToken(tokens: readonly StaticToken[], sha256: string): UserInfo | undefined {
  let found: UserInfo | undefined;
  for (const t of tokens) if (constantTimeEqual(t.sha256, sha256) && !found) found = t.user;
  return found;
}
