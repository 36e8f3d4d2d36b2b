/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), '' when there
 * is none, undefined when the header is there but is not a usable bearer token (upstream then
 * refuses the request: a client that sent credentials never falls back to anonymous).
 */
export function bearerToken(header: string | null): string | undefined {
  if (header === null) return '';
  const parts = header.trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  const token = parts[1]!;
  return token === '' ? undefined : token;
}
