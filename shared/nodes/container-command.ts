import type { Container, EnvVar, Pod } from 'kubernetes-types/core/v1';
import type { ContainerBehaviour } from './workload-profile';
import type { ConfigObjects } from './container-config';

/** One thing a simulated process writes to its log, `atSeconds` after it started. */
export type ProcessOutput =
  | { atSeconds: number; text: string }
  /** `cat` of a mounted ConfigMap key: the key's lines, read when the log is rendered. */
  | { atSeconds: number; file: MountedKey }
  /** `date`: the time at that moment, as busybox prints it. */
  | { atSeconds: number; date: true };

/** A file `cat` reads: the ConfigMap key mounted at `path`. */
export interface MountedKey {
  path: string;
  configMap: string;
  key: string;
}

/** What a recognised command does: its output over time, and when and how it exits. */
export interface SimulatedProcess {
  /** Seconds from start to exit; undefined when it never exits (`sleep infinity`). */
  runSeconds?: number;
  exitCode: number;
  output: ProcessOutput[];
}

/** Shells whose `-c SCRIPT` form is interpreted. */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** A command of a script with the operator that joins it to the previous one. */
export interface Step {
  op: ';' | '&&' | '||';
  argv: string[];
}

/**
 * The simulated process a container's command and args describe, when every part of it is one
 * the simulator knows: `sleep N`, `echo …`, `exit N`, `true`, `false`, `date`, `cat` of a mounted
 * ConfigMap key, and `sh -c` / `/bin/sh -c` scripts joining those with `;`, `&&`, `||` or newlines
 * (with quotes and `$VAR` from the container's env). Undefined for anything else (the container
 * then runs as its workload profile says). `$(VAR)` in command and args is expanded first, as the
 * kubelet does.
 *
 * @example simulateCommand(pod, { name: 'c', command: ['sh', '-c', 'echo hi; sleep 2; exit 3'] })
 * // → { runSeconds: 2, exitCode: 3, output: [{ atSeconds: 0, text: 'hi' }] }
 */
export function simulateCommand(pod: Pod, c: Container): SimulatedProcess | undefined {
  const env = containerEnv(pod, c);
  const argv = [...(c.command ?? []), ...(c.args ?? [])].map((a) => expandKubelet(a, env));
  if (argv.length === 0) return undefined;
  const shell = SHELLS.has(basename(argv[0]!)) && argv[1] === '-c';
  const steps = shell ? parseScript(argv[2] ?? '', env) : [{ op: ';' as const, argv }];
  if (!steps) return undefined;
  return run(steps, pod, c);
}

/**
 * The container's behaviour once its command is taken into account: a recognised command decides
 * when the container exits and with which code (over the workload profile's exit settings).
 */
export function behaviourWithCommand(pod: Pod, c: Container, b: ContainerBehaviour): ContainerBehaviour {
  const p = simulateCommand(pod, c);
  if (!p) return b;
  const { exitAfterSeconds: _after, exitCode: _code, oomKilled: _oom, ...rest } = b;
  return p.runSeconds === undefined ? rest : { ...rest, exitAfterSeconds: p.runSeconds, exitCode: p.exitCode };
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Evaluates the steps in order with sh's `&&`/`||` short-circuit and `exit`. */
function run(steps: Step[], pod: Pod, c: Container): SimulatedProcess | undefined {
  let t = 0;
  let status = 0;
  const output: ProcessOutput[] = [];
  for (const { op, argv } of steps) {
    if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
    const [cmd, ...args] = argv;
    switch (basename(cmd ?? '')) {
      case 'echo':
        output.push(...echo(args).map((text) => ({ atSeconds: t, text })));
        status = 0;
        break;
      case 'sleep': {
        const s = sleepSeconds(args);
        if (s === undefined) return undefined;
        if (s === Infinity) return { exitCode: 0, output };
        t += s;
        status = 0;
        break;
      }
      case 'true':
      case ':':
        status = 0;
        break;
      case 'false':
        status = 1;
        break;
      case 'exit': {
        const code = args.length ? Number(args[0]) : status;
        if (!Number.isInteger(code)) return undefined;
        return { runSeconds: t, exitCode: ((code % 256) + 256) % 256, output };
      }
      case 'date':
        if (args.length) return undefined;
        output.push({ atSeconds: t, date: true });
        status = 0;
        break;
      case 'cat': {
        if (!args.length) return undefined;
        status = 0;
        for (const path of args) {
          const file = mountedConfigMapKey(pod, c, path);
          if (file) output.push({ atSeconds: t, file });
          else {
            output.push({ atSeconds: t, text: `cat: can't open '${path}': No such file or directory` });
            status = 1;
          }
        }
        break;
      }
      default:
        return undefined;
    }
  }
  return { runSeconds: t, exitCode: status, output };
}

/** The log lines busybox echo writes (see `echoText`). */
function echo(args: string[]): string[] {
  return echoText(args).replace(/\n$/, '').split('\n');
}

/**
 * What busybox echo writes: its arguments joined by spaces and a newline; `-n` drops the newline,
 * `-e` turns `\n` and `\t` into a newline and a tab, `-E` does not.
 */
export function echoText(args: string[]): string {
  let escapes = false;
  let newline = true;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    for (const f of args[i]!.slice(1)) {
      if (f === 'n') newline = false;
      else escapes = f === 'e';
    }
  }
  const text = args.slice(i).join(' ');
  return (escapes ? text.replace(/\\t/g, '\t').replace(/\\n/g, '\n') : text) + (newline ? '\n' : '');
}

/** busybox sleep: the sum of its arguments, each a number with an optional s/m/h/d suffix; `infinity`. */
export function sleepSeconds(args: string[]): number | undefined {
  if (!args.length) return undefined;
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    total += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  }
  return total;
}

/**
 * The ConfigMap key a container sees at `path`: a configMap volume mounted at a parent directory
 * (the key is the file name, or the item whose path it is), or mounted with subPath at `path`.
 */
export function mountedConfigMapKey(pod: Pod, c: Container, path: string): MountedKey | undefined {
  const f = mountedFile(pod, c, path, 'configMap');
  return f && { path, configMap: f.name, key: f.key };
}

/** A key of a ConfigMap or Secret that a volume shows as a file. */
export interface VolumeFile {
  source: 'configMap' | 'secret';
  /** The ConfigMap's or Secret's name. */
  name: string;
  key: string;
}

/** A configMap or secret volume as a container mounts it. */
export interface VolumeMountView {
  dir: string;
  subPath?: string;
  source: VolumeFile['source'];
  name: string;
  /** The volume's items (key → file name), when it lists some. */
  items?: { key: string; path: string }[];
}

/** The container's configMap and secret volume mounts, in the order it lists them. */
export function configVolumeMounts(pod: Pod, c: Container): VolumeMountView[] {
  const out: VolumeMountView[] = [];
  for (const m of c.volumeMounts ?? []) {
    const vol = (pod.spec?.volumes ?? []).find((v) => v.name === m.name);
    const source = vol?.configMap?.name ? 'configMap' : vol?.secret?.secretName ? 'secret' : undefined;
    if (!vol || !source) continue;
    const items = (source === 'configMap' ? vol.configMap?.items : vol.secret?.items) ?? [];
    out.push({
      dir: m.mountPath.replace(/\/+$/, ''),
      ...(m.subPath ? { subPath: m.subPath } : {}),
      source,
      name: (source === 'configMap' ? vol.configMap!.name : vol.secret!.secretName)!,
      ...(items.length ? { items } : {}),
    });
  }
  return out;
}

/**
 * The ConfigMap or Secret key a container sees at `path` (of `only` that source when given): a volume
 * mounted at a parent directory (the key is the file name, or the item whose path it is), or mounted
 * with subPath at `path`.
 */
export function mountedFile(pod: Pod, c: Container, path: string, only?: VolumeFile['source']): VolumeFile | undefined {
  for (const m of configVolumeMounts(pod, c)) {
    if (only && m.source !== only) continue;
    let rel: string | undefined;
    if (m.subPath) rel = path === m.dir ? m.subPath : undefined;
    else if (path.startsWith(`${m.dir}/`)) rel = path.slice(m.dir.length + 1);
    if (!rel) continue;
    if (m.items) {
      const item = m.items.find((it) => it.path === rel);
      if (item) return { source: m.source, name: m.name, key: item.key };
      continue;
    }
    if (!rel.includes('/')) return { source: m.source, name: m.name, key: rel };
  }
  return undefined;
}

/** Every ConfigMap key the container's command reads, for the log renderer to fetch. */
export function commandFiles(proc: SimulatedProcess): MountedKey[] {
  return proc.output.flatMap((o) => ('file' in o ? [o.file] : []));
}

/**
 * The container's env as the process sees it: literal values and the pod fields that fieldRefs name;
 * given the ConfigMaps and Secrets, also envFrom (first, with its prefix) and configMapKeyRef /
 * secretKeyRef values, as the kubelet's makeEnvironmentVariables builds them.
 */
export function containerEnv(pod: Pod, c: Container, objects?: ConfigObjects): Map<string, string> {
  const env = new Map<string, string>([['HOSTNAME', podHostname(pod)]]);
  for (const f of objects ? (c.envFrom ?? []) : []) {
    const data = f.configMapRef?.name
      ? objects!.configMaps.get(f.configMapRef.name)?.data
      : f.secretRef?.name
        ? decodeSecretData(objects!.secrets.get(f.secretRef.name)?.data)
        : undefined;
    for (const [k, v] of Object.entries(data ?? {})) env.set(`${f.prefix ?? ''}${k}`, v);
  }
  for (const e of c.env ?? []) {
    const v = envValue(pod, e, env, objects);
    if (v !== undefined) env.set(e.name, v);
  }
  return env;
}

/**
 * The hostname the pod's containers see: spec.hostname, else the pod's name; a pod on the host's
 * network shares the node's UTS namespace, so its node's name (`kubectl debug node/…` pods).
 */
export function podHostname(pod: Pod): string {
  if (pod.spec?.hostNetwork && pod.spec.nodeName) return pod.spec.nodeName;
  return pod.spec?.hostname ?? pod.metadata?.name ?? '';
}

/** A Secret's data as the process reads it (the API holds it base64-encoded). */
export function decodeSecretData(data: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, decodeBase64(v)]));
}

function decodeBase64(v: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(v), (ch) => ch.charCodeAt(0)));
  } catch {
    return v;
  }
}

function envValue(pod: Pod, e: EnvVar, env: Map<string, string>, objects?: ConfigObjects): string | undefined {
  if (e.value !== undefined) return expandKubelet(e.value, env);
  const cm = e.valueFrom?.configMapKeyRef;
  if (cm?.name && objects) return objects.configMaps.get(cm.name)?.data?.[cm.key];
  const sk = e.valueFrom?.secretKeyRef;
  if (sk?.name && objects) return decodeSecretData(objects.secrets.get(sk.name)?.data)?.[sk.key];
  const path = e.valueFrom?.fieldRef?.fieldPath;
  if (!path) return undefined;
  const meta = pod.metadata ?? {};
  const keyed = /^metadata\.(annotations|labels)\['(.+)'\]$/.exec(path);
  if (keyed) return (keyed[1] === 'labels' ? meta.labels : meta.annotations)?.[keyed[2]!] ?? '';
  const fields: Record<string, string | undefined> = {
    'metadata.name': meta.name,
    'metadata.namespace': meta.namespace,
    'metadata.uid': meta.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  return fields[path];
}

/** The kubelet's `$(VAR)` expansion: defined names are replaced, `$$` escapes, others stay as written. */
function expandKubelet(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return env.has(name!) ? env.get(name!)! : m;
  });
}

/**
 * Splits an sh script into commands joined by `;`, newlines, `&&` and `||`, with single and
 * double quotes, backslash escapes, `$VAR`, `${VAR}` and `$?`-free expansion and `#` comments.
 * Undefined when the script uses anything else (pipes, redirections, subshells, substitutions).
 */
export function parseScript(script: string, env: Map<string, string>): Step[] | undefined {
  const steps: Step[] = [];
  let argv: string[] = [];
  let word: string | undefined;
  let op: Step['op'] = ';';
  const endWord = () => {
    if (word !== undefined) argv.push(word);
    word = undefined;
  };
  const endCommand = (next: Step['op']): boolean => {
    endWord();
    if (argv.length) steps.push({ op, argv });
    else if (next !== ';') return false; // `&& x` with nothing before it is a syntax error
    argv = [];
    op = next;
    return true;
  };
  const variable = (i: number): [string, number] | undefined => {
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(script.slice(i));
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(script.slice(i));
    const m = braced ?? plain;
    return m ? [env.get(m[1]!) ?? '', m[0].length] : undefined;
  };
  for (let i = 0; i < script.length; ) {
    const ch = script[i]!;
    if (ch === ' ' || ch === '\t') {
      endWord();
      i++;
    } else if (ch === '\n' || ch === ';') {
      if (!endCommand(';')) return undefined;
      i++;
    } else if (script.startsWith('&&', i) || script.startsWith('||', i)) {
      if (!endCommand(script.slice(i, i + 2) as '&&' | '||')) return undefined;
      i += 2;
    } else if (ch === '#' && word === undefined) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word = (word ?? '') + script.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      let s = '';
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; ) {
        const c = script[j]!;
        if (c === '\\' && '"\\$`\n'.includes(script[j + 1] ?? '')) {
          s += script[j + 1];
          j += 2;
        } else if (c === '$') {
          const v = variable(j);
          if (!v) return undefined;
          s += v[0];
          j += v[1];
        } else if (c === '`') {
          return undefined;
        } else {
          s += c;
          j++;
        }
      }
      if (j >= script.length) return undefined;
      word = (word ?? '') + s;
      i = j + 1;
    } else if (ch === '\\') {
      if (script[i + 1] !== '\n') word = (word ?? '') + (script[i + 1] ?? '');
      i += 2;
    } else if (ch === '$') {
      const v = variable(i);
      if (!v) return undefined;
      word = (word ?? '') + v[0];
      i += v[1];
    } else if ('|&<>()`{}'.includes(ch)) {
      return undefined;
    } else {
      word = (word ?? '') + ch;
      i++;
    }
  }
  if (op !== ';' && word === undefined && argv.length === 0) return undefined; // trailing `&&`
  endCommand(';');
  return steps;
}
