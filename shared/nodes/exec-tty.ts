/** What a terminal's line discipline made of some typed input. */
export interface TtyInput {
  /** What the terminal echoes back. */
  echo: string;
  /** Lines completed by Enter. */
  lines: string[];
  /** The line being typed. */
  pending: string;
  /** Ctrl-D on an empty line. */
  eof: boolean;
}

/**
 * A canonical-mode terminal (the tty the runtime gives an exec with `-t`): typed characters are
 * echoed, Enter (CR) ends a line and echoes CR LF, DEL/Backspace erase one character, Ctrl-C drops
 * the line (`^C`), Ctrl-D on an empty line is end of input.
 *
 * @example ttyInput('', 'ls\r') // { echo: 'ls\r\n', lines: ['ls'], pending: '', eof: false }
 */
export function ttyInput(pending: string, typed: string): TtyInput {
  let echo = '';
  const lines: string[] = [];
  let line = pending;
  for (const ch of typed) {
    if (ch === '\r' || ch === '\n') {
      echo += '\r\n';
      lines.push(line);
      line = '';
    } else if (ch === '\x7f' || ch === '\b') {
      if (line.length) {
        line = line.slice(0, -1);
        echo += '\b \b';
      }
    } else if (ch === '\x03') {
      echo += '^C\r\n';
      lines.push('');
      line = '';
    } else if (ch === '\x04') {
      if (!line.length) return { echo, lines, pending: '', eof: true };
    } else if (ch >= ' ' || ch === '\t') {
      echo += ch;
      line += ch;
    }
  }
  return { echo, lines, pending: line, eof: false };
}

/** Output as a terminal shows it: the tty turns each LF into CR LF (onlcr). */
export function ttyOutput(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
