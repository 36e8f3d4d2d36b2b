import { ApiError } from '../../shared/api/errors';

/** The hostname of a Host header, lower-cased, without its port (`[::1]:8787` → `[::1]`). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1) || h;
  const colon = h.lastIndexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/**
 * Refuses a Host header that names a host not in `allowed` (a comma-separated list of names, any
 * port; `*` allows every host). Until the API authenticates its clients, a web page on another
 * site could reach a local server through DNS rebinding: the browser then sends the attacker's
 * name as Host, which this rejects. `allowed` undefined means no check (a deployed Worker).
 *
 * @example checkAllowedHost('evil.example:8787', '127.0.0.1,localhost,[::1]') // throws 403
 */
export function checkAllowedHost(host: string, allowed: string | undefined): void {
  if (allowed === undefined) return;
  const names = allowedNames(allowed);
  if (names.includes('*') || names.includes(hostName(host))) return;
  const name = hostName(host) || '""';
  throw new ApiError(
    403,
    'Forbidden',
    `host ${JSON.stringify(host)} is not allowed: this server answers only requests addressed to ${names.join(', ')} ` +
      `(a guard against DNS rebinding until authentication exists); to allow this name, start it with ` +
      `\`npm run dev -- --allow-host ${name}\` or ALLOWED_HOSTS=${name}`,
  );
}

/** The names of the last ALLOWED_HOSTS seen: the binding does not change while the isolate lives, so it is split once. */
let parsed: { allowed: string; names: string[] } | undefined;

function allowedNames(allowed: string): string[] {
  if (parsed?.allowed !== allowed) parsed = { allowed, names: allowed.split(',').map((n) => hostName(n)).filter(Boolean) };
  return parsed.names;
}
