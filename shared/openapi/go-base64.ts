/**
 * Go's base64.StdEncoding.DecodeString, as encoding/json applies it to []byte fields (Secret data,
 * ConfigMap binaryData): padding required, CR and LF ignored anywhere. Returns the decoded length,
 * or the byte offset Go's CorruptInputError reports (`illegal base64 data at input byte N`).
 * @example goBase64Check('YQ==') // { length: 1 }   goBase64Check('a!') // { corruptAt: 1 }
 */
export function goBase64Check(s: string): { length: number } | { corruptAt: number } {
  const src = new TextEncoder().encode(s);
  const isNewline = (b: number | undefined) => b === 0x0a || b === 0x0d;
  let si = 0;
  let length = 0;
  for (;;) {
    // one quantum of up to four symbols (encoding/base64 decodeQuantum)
    let j = 0;
    let dlen = 4;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { length };
        return { corruptAt: si - j };
      }
      const c = src[si++]!;
      if (SYMBOLS.has(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) return { corruptAt: si - 1 };
      if (j === 2) {
        // "==" is expected; the first "=" is consumed
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return { corruptAt: src.length };
        if (src[si] !== PAD) return { corruptAt: si - 1 };
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) return { corruptAt: si };
      dlen = j;
      break;
    }
    length += dlen - 1; // 4 symbols carry 3 bytes, 3 carry 2, 2 carry 1
    if (dlen < 4) return { length };
  }
}

const PAD = 0x3d;
const SYMBOLS = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c) => c.charCodeAt(0)));

/**
 * The standard base64 of a string's UTF-8 bytes: how a []byte field carries text on the wire.
 * @example encodeBase64('héllo') // 'aMOpbGxv'
 */
export function encodeBase64(s: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(s)) binary += String.fromCharCode(b);
  return btoa(binary);
}
