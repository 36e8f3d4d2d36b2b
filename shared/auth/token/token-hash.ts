/** SHA-256 of a token, lower-case hex: how static tokens are stored and compared (never the token itself). */
export async function sha256Hex(subtle: SubtleCrypto, token: string): Promise<string> {
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Equal strings, in time that depends only on their lengths: every character is compared, so a
 * caller probing byte by byte learns nothing from how long a refusal takes. Compare hashes of
 * equal length with it.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  // past the end charCodeAt is NaN, and NaN | 0 is 0: the loop runs the same either way
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
