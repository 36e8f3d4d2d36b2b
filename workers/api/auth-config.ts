import type { Env } from '../../platform/env';
import { log } from '../../platform/log';
import { IsolateCache } from './isolate-cache';
import { parseStaticTokens, sha256Hex, SYSTEM_PRIVILEGED_GROUP, ALL_AUTHENTICATED, DEFAULT_ISSUER, type StaticToken, type UserInfo } from '../../shared/auth';

/** Who the admin token authenticates as: a member of system:masters, as kubeadm's admin.conf user. */
export const ADMIN_USER: UserInfo = { username: 'kubeflare-admin', groups: [SYSTEM_PRIVILEGED_GROUP, ALL_AUTHENTICATED] };

/** How this isolate authenticates: on or off, the static tokens (hashes only), and the token audiences. */
export interface AuthConfig {
  enabled: boolean;
  tokens: StaticToken[];
  issuer: string;
  audiences: string[];
}

const configs = new IsolateCache<string, AuthConfig>(Infinity, 4);

/**
 * The auth configuration from the Worker's bindings, built once per isolate (the bindings do not
 * change while it lives). The admin token, whether given in clear (a Workers secret) or as its
 * SHA-256, is kept only as a hash.
 */
export async function authConfig(env: Env): Promise<AuthConfig> {
  // every request asks: the same bindings as last time are a few comparisons, not a key to build
  const l = last;
  if (l && l.mode === env.AUTH_MODE && l.adminLength === env.ADMIN_TOKEN?.length && l.adminSha === env.ADMIN_TOKEN_SHA256 && l.statics === env.STATIC_TOKENS) return l.config;
  const key = [env.AUTH_MODE, env.ADMIN_TOKEN?.length, env.ADMIN_TOKEN_SHA256, env.STATIC_TOKENS].join('\0');
  const config = await configs.get(key, () => build(env));
  last = { mode: env.AUTH_MODE, adminLength: env.ADMIN_TOKEN?.length, adminSha: env.ADMIN_TOKEN_SHA256, statics: env.STATIC_TOKENS, config };
  return config;
}

/** The bindings the last configuration was built from, as the cache key reads them (the admin token only by its length, never kept). */
let last: { mode?: string; adminLength?: number; adminSha?: string; statics?: string; config: AuthConfig } | undefined;

async function build(env: Env): Promise<AuthConfig> {
  const tokens: StaticToken[] = [];
  if (env.ADMIN_TOKEN) tokens.push({ sha256: await sha256Hex(crypto.subtle, env.ADMIN_TOKEN), user: ADMIN_USER });
  if (env.ADMIN_TOKEN_SHA256) tokens.push({ sha256: env.ADMIN_TOKEN_SHA256.trim().toLowerCase(), user: ADMIN_USER });
  if (env.STATIC_TOKENS) {
    const parsed = parseStaticTokens(env.STATIC_TOKENS);
    for (const e of parsed.errors) log.error('STATIC_TOKENS: line skipped', { error: e });
    tokens.push(...parsed.tokens);
  }
  const enabled = (env.AUTH_MODE ?? '').toLowerCase() !== 'off';
  if (enabled && tokens.length === 0) log.warn('authentication is on but no ADMIN_TOKEN is set: only ServiceAccount tokens can sign in');
  return { enabled, tokens, issuer: DEFAULT_ISSUER, audiences: [DEFAULT_ISSUER] };
}
