import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { ConfigObjects } from './container-config';
import { basename, echoText, parseScript, podHostname, SHELLS, sleepSeconds } from './container-command';
import { busyboxDate } from './container-logs';
import { readMountedFile, listMounted, type ProjectedSources } from './exec-files';
import { printfText } from './exec-printf';

/** One thing an exec'd process does, in order. */
export type ExecStep =
  | { out: string }
  | { err: string }
  /** Seconds; Infinity for `sleep infinity`. */
  | { sleep: number }
  /** `cat` with no file: whatever arrives on stdin goes to stdout until stdin ends. */
  | { stdin: 'copy' }
  /** `sh` with no script: stdin is the script, run line by line (`planShellLine`) until it ends or `exit`. */
  | { stdin: 'shell' };

/** What a command does: its steps, its exit status, and whether it ran `exit` (an interactive shell then ends). */
export interface ExecPlan {
  steps: ExecStep[];
  exitCode: number;
  exited?: boolean;
}

/** What the exec'd process sees of its container. */
export interface ExecContext {
  pod: Pod;
  container: Container;
  /** The ConfigMaps and Secrets of the pod's namespace that its volumes and env name. */
  objects: ConfigObjects;
  /** What its projected volumes show (the ServiceAccount token, kube-root-ca.crt). */
  projected?: ProjectedSources;
  /** The process's environment (`execEnvironment`). */
  env: Map<string, string>;
  /** Cluster time, for `date`. */
  now: number;
}

/** An exec the container runtime refuses to start: runc's message (CRI answers it as an internal error). */
export interface ExecRuntimeError {
  runtimeError: string;
}

/** Commands the simulated userland has (busybox applets and sh builtins alike). */
const PROGRAMS = new Set(['echo', 'printf', 'cat', 'env', 'printenv', 'hostname', 'true', 'false', 'sleep', 'ls', 'date', 'pwd', ...SHELLS]);

/**
 * What `kubectl exec POD -- ARGV…` does in a simulated container: the commands the simulated userland
 * knows (echo, printf, cat of a mounted ConfigMap or Secret key or of stdin, env, printenv, hostname,
 * ls of mounted volumes, date, pwd, sleep, true, false) and `sh -c` scripts of them joined by `;`,
 * `&&`, `||`, with `exit N`. A program the image lacks is runc's "executable file not found"; an
 * unknown command inside sh is `sh: x: not found`, status 127.
 *
 * @example planExec(ctx, ['sh', '-c', 'echo hi; exit 3']) // { steps: [{ out: 'hi\n' }], exitCode: 3, exited: true }
 */
export function planExec(ctx: ExecContext, argv: string[]): ExecPlan | ExecRuntimeError {
  const cmd = argv[0] ?? '';
  if (!PROGRAMS.has(basename(cmd)) || (cmd.includes('/') && !cmd.startsWith('/bin/') && !cmd.startsWith('/usr/bin/'))) {
    // runc resolves a bare name through PATH and stats an absolute one
    const why = cmd.includes('/') ? `stat ${cmd}: no such file or directory` : 'executable file not found in $PATH';
    return { runtimeError: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": ${why}: unknown` };
  }
  return runCommand(ctx, argv, 0);
}

/** Images whose default command (CMD) is a shell: busybox's `sh`, alpine's `/bin/sh`. */
const SHELL_IMAGES = /^(?:.*\/)?(?:busybox|alpine)(?::[^/]*)?(?:@.*)?$/;

/**
 * Whether the container's main process is an interactive shell reading stdin (`kubectl run -it --
 * sh`, or busybox / alpine run without a command): attaching with stdin then talks to that shell.
 */
export function runsInteractiveShell(c: Container): boolean {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (!argv.length) return SHELL_IMAGES.test(c.image ?? '');
  return argv.length === 1 && SHELLS.has(basename(argv[0]!));
}

/**
 * One line typed into an interactive `sh` (`{ stdin: 'shell' }`), after the previous line's status.
 * @example planShellLine(ctx, 'echo $HOSTNAME', 0) // { steps: [{ out: 'web-0\n' }], exitCode: 0 }
 */
export function planShellLine(ctx: ExecContext, line: string, lastStatus: number): ExecPlan {
  return runScript(ctx, line, lastStatus);
}

function runScript(ctx: ExecContext, script: string, lastStatus: number): ExecPlan {
  const parsed = parseScript(script, ctx.env);
  if (!parsed) return { steps: [{ err: 'sh: the simulated shell runs no pipes, redirections, subshells or substitutions\n' }], exitCode: 2 };
  const steps: ExecStep[] = [];
  let status = lastStatus;
  for (const { op, argv } of parsed) {
    if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
    if (argv[0] === 'exit') {
      const code = argv.length > 1 ? Number(argv[1]) : status;
      if (!Number.isInteger(code)) return { steps: [...steps, { err: `sh: exit: Illegal number: ${argv[1]}\n` }], exitCode: 2, exited: true };
      return { steps, exitCode: ((code % 256) + 256) % 256, exited: true };
    }
    const r = runCommand(ctx, argv, status);
    steps.push(...r.steps);
    status = r.exitCode;
    if (r.exited) return { steps, exitCode: status, exited: true };
  }
  return { steps, exitCode: status };
}

function runCommand(ctx: ExecContext, argv: string[], lastStatus: number): ExecPlan {
  const [cmd = '', ...args] = argv;
  const name = basename(cmd);
  const ok = (steps: ExecStep[] = []): ExecPlan => ({ steps, exitCode: 0 });
  switch (name) {
    case 'echo':
      return ok([{ out: echoText(args) }]);
    case 'printf':
      return args.length ? ok([{ out: printfText(args[0]!, args.slice(1)) }]) : { steps: [{ err: 'printf: usage: printf FORMAT [ARGUMENT...]\n' }], exitCode: 1 };
    case 'true':
    case ':':
      return ok();
    case 'false':
      return { steps: [], exitCode: 1 };
    case 'hostname':
      return ok([{ out: `${podHostname(ctx.pod)}\n` }]);
    case 'pwd':
      return ok([{ out: `${ctx.container.workingDir ?? '/'}\n` }]);
    case 'date':
      return ok([{ out: `${busyboxDate(ctx.now)}\n` }]);
    case 'sleep': {
      const s = sleepSeconds(args);
      if (s === undefined) return { steps: [{ err: args.length ? `sleep: invalid number '${args[0]}'\n` : 'sleep: missing operand\n' }], exitCode: 1 };
      return ok([{ sleep: s }]);
    }
    case 'env':
      return env(ctx, args, lastStatus);
    case 'printenv':
      return printenv(ctx, args);
    case 'cat':
      return cat(ctx, args);
    case 'ls':
      return listMounted(ctx.pod, ctx.container, ctx.objects, args.filter((a) => !a.startsWith('-')), ctx.container.workingDir ?? '/', ctx.projected);
    default:
      if (SHELLS.has(name)) {
        if (args[0] === '-c') return runScript(ctx, args[1] ?? '', lastStatus);
        // `sh` reads its script from stdin
        return ok([{ stdin: 'shell' }]);
      }
      return { steps: [{ err: `sh: ${cmd}: not found\n` }], exitCode: 127 };
  }
}

/** `env` prints the environment; `env A=1 cmd …` runs cmd with A set. */
function env(ctx: ExecContext, args: string[], lastStatus: number): ExecPlan {
  const vars = new Map(ctx.env);
  let i = 0;
  for (; i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!); i++) {
    const eq = args[i]!.indexOf('=');
    vars.set(args[i]!.slice(0, eq), args[i]!.slice(eq + 1));
  }
  if (i < args.length) {
    if (!PROGRAMS.has(basename(args[i]!))) return { steps: [{ err: `env: can't execute '${args[i]}': No such file or directory\n` }], exitCode: 127 };
    return runCommand({ ...ctx, env: vars }, args.slice(i), lastStatus);
  }
  return { steps: [{ out: [...vars].map(([k, v]) => `${k}=${v}\n`).join('') }], exitCode: 0 };
}

/** `printenv` prints the environment, or the values of the names given (status 1 when one is unset). */
function printenv(ctx: ExecContext, names: string[]): ExecPlan {
  if (!names.length) return env(ctx, [], 0);
  const found = names.filter((n) => ctx.env.has(n));
  const out = found.map((n) => `${ctx.env.get(n)}\n`).join('');
  return { steps: out ? [{ out }] : [], exitCode: found.length === names.length ? 0 : 1 };
}

/** `cat FILE…` of mounted keys; `cat` or `cat -` copies stdin. */
function cat(ctx: ExecContext, files: string[]): ExecPlan {
  if (!files.length) return { steps: [{ stdin: 'copy' }], exitCode: 0 };
  const steps: ExecStep[] = [];
  let status = 0;
  for (const f of files) {
    if (f === '-') {
      steps.push({ stdin: 'copy' });
      continue;
    }
    const r = readMountedFile(ctx.pod, ctx.container, ctx.objects, f, ctx.projected);
    if ('content' in r) {
      if (r.content) steps.push({ out: r.content });
    } else {
      steps.push({ err: `cat: ${r.error}\n` });
      status = 1;
    }
  }
  return { steps, exitCode: status };
}
