/** The escapes printf's format (and `%b` arguments) understand. */
function unescape(s: string): string {
  return s.replace(/\\(\\|n|t|r|a|b|f|v|0[0-7]{0,3})/g, (_m, e: string) => {
    if (e.startsWith('0')) return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    return ({ '\\': '\\', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e]!;
  });
}

/**
 * busybox printf for the common conversions: `%s`, `%b`, `%d`/`%i`, `%x`, `%o`, `%c`, `%%`, with
 * flags and widths on `%s` and `%d`, backslash escapes in the format; the format is reused while
 * arguments remain, as POSIX printf does.
 *
 * @example printfText('%s=%d\n', ['a', '1', 'b', '2']) // 'a=1\nb=2\n'
 */
export function printfText(format: string, args: string[]): string {
  const fmt = unescape(format);
  let out = '';
  let i = 0;
  do {
    let used = 0;
    out += fmt.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sbdixXocu%])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[i++] ?? '';
      used++;
      let v: string;
      if (conv === 's') v = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
      else if (conv === 'b') v = unescape(arg);
      else if (conv === 'c') v = arg.slice(0, 1);
      else {
        const n = arg === '' ? 0 : Number.parseInt(arg, /^0x/i.test(arg) ? 16 : 10) || 0;
        v = conv === 'x' ? n.toString(16) : conv === 'X' ? n.toString(16).toUpperCase() : conv === 'o' ? n.toString(8) : String(n);
      }
      const w = Number(width || 0);
      if (v.length >= w) return v;
      if (flags.includes('-')) return v.padEnd(w);
      return flags.includes('0') && conv !== 's' ? v.padStart(w, '0') : v.padStart(w);
    });
    if (!used) break;
  } while (i < args.length);
  return out;
}
