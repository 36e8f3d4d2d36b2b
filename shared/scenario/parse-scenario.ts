import { LineCounter, parseDocument, type Document } from 'yaml';
import { parseGoDuration } from '../clock/go-duration';
import { MAX_SPEED } from '../clock/cluster-clock';
import { ACTION_KEYS, type Action, type Manifest, type Scenario, type ScenarioError, type Step } from './scenario-types';

const TOP_KEYS = ['name', 'description', 'speed', 'duration', 'namespace', 'objects', 'steps'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DEFAULT_SCENARIO_SPEED = 60;

type Path = (string | number)[];
/** Records a problem; returns undefined so a parser can `return fail(…)`. */
type Fail = (path: Path, message: string) => undefined;

/**
 * Parses and validates a scenario file. Every problem is reported (not only the first), each with
 * the line it is on and its field path, so a user fixes the file in one pass.
 * @example const r = parseScenario(text); if ('errors' in r) console.error(formatScenarioErrors('spike.yaml', r.errors));
 */
export function parseScenario(text: string): { scenario: Scenario } | { errors: ScenarioError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    return { errors: doc.errors.map((e) => ({ line: e.linePos?.[0]?.line, field: '(yaml)', message: e.message.split('\n')[0]! })) };
  }
  const errors: ScenarioError[] = [];
  const lineOf = (path: Path): number | undefined => nodeLine(doc, lineCounter, path);
  const fail: Fail = (path, message) => {
    errors.push({ line: lineOf(path), field: fieldPath(path), message });
    return undefined;
  };

  const root: unknown = doc.toJS();
  if (!isRecord(root)) return { errors: [{ line: 1, field: '(root)', message: 'a scenario is a map with name, duration, objects and steps' }] };
  for (const k of Object.keys(root)) if (!TOP_KEYS.includes(k)) fail([k], `unknown field; expected one of ${TOP_KEYS.join(', ')}`);

  const name = root['name'];
  if (typeof name !== 'string' || !DNS_LABEL.test(name)) fail(['name'], 'required: a lowercase DNS label such as traffic-spike');
  if (root['description'] !== undefined && typeof root['description'] !== 'string') fail(['description'], 'must be a string');
  const speed = root['speed'] ?? DEFAULT_SCENARIO_SPEED;
  if (!validSpeed(speed)) fail(['speed'], `must be a number greater than 0 and at most ${MAX_SPEED}`);
  const durationMs = duration(root['duration']);
  if (durationMs === undefined || durationMs <= 0) fail(['duration'], 'required: a positive Go duration such as 20m or 1h30m');
  const namespace = root['namespace'] ?? name;
  // a bad name is reported once, not again as the namespace it defaults
  if (root['namespace'] !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace))) fail(['namespace'], 'must be a lowercase DNS label');

  const objects = manifests(root['objects'] ?? [], ['objects'], fail);
  const steps: Step[] = [];
  const rawSteps = root['steps'] ?? [];
  if (!Array.isArray(rawSteps)) fail(['steps'], 'must be a list of steps');
  else rawSteps.forEach((s, i) => {
    const step = parseStep(s, ['steps', i], { objects, durationMs: durationMs !== undefined && durationMs > 0 ? durationMs : undefined }, fail);
    if (step) steps.push({ ...step, line: lineOf(['steps', i]) });
  });

  if (errors.length) return { errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  return {
    scenario: {
      name: name as string,
      ...(typeof root['description'] === 'string' ? { description: root['description'].trim() } : {}),
      speed: speed as number,
      durationMs: durationMs!,
      namespace: namespace as string,
      objects,
      // a stable sort: steps at the same time run in file order
      steps: steps.map((s, i) => [s, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([s]) => s),
    },
  };
}

/** `file:line: field: message`, one problem a line. */
export function formatScenarioErrors(file: string, errors: ScenarioError[]): string {
  return errors.map((e) => `${file}${e.line ? `:${e.line}` : ''}: ${e.field}: ${e.message}`).join('\n');
}

function parseStep(
  raw: unknown,
  path: Path,
  ctx: { objects: Manifest[]; durationMs: number | undefined },
  fail: Fail,
): Step | undefined {
  if (!isRecord(raw)) return fail(path, `a step is a map with at and one of ${ACTION_KEYS.join(', ')}`);
  const at = duration(raw['at']);
  if (at === undefined || at < 0) fail([...path, 'at'], 'required: a Go duration from the start, such as 0s or 10m');
  else if (ctx.durationMs !== undefined && at > ctx.durationMs) fail([...path, 'at'], 'is after the scenario ends (duration)');
  const keys = Object.keys(raw).filter((k) => k !== 'at');
  const unknown = keys.filter((k) => !(ACTION_KEYS as readonly string[]).includes(k));
  for (const k of unknown) fail([...path, k], `unknown action; expected one of ${ACTION_KEYS.join(', ')}`);
  const actions = keys.filter((k) => !unknown.includes(k));
  if (actions.length !== 1) {
    if (!unknown.length) fail(path, `a step has exactly one action (${ACTION_KEYS.join(', ')}); this one has ${actions.length ? actions.join(' and ') : 'none'}`);
    return undefined;
  }
  const key = actions[0]!;
  const value = raw[key];
  const p = [...path, key];
  let action: Action | undefined;
  switch (key) {
    case 'load': {
      if (!isRecord(value)) return fail(p, 'must be a map with profile and requestsPerSecond');
      const profile = value['profile'];
      const rps = value['requestsPerSecond'];
      const declared = ctx.objects.find((o) => o.kind === 'WorkloadProfile' && o.metadata.name === profile) as { spec?: { load?: { cpuPerRequest?: unknown } } } | undefined;
      if (typeof profile !== 'string' || !declared) fail([...p, 'profile'], 'must name a WorkloadProfile among objects');
      else if (!declared.spec?.load?.cpuPerRequest) fail([...p, 'profile'], `WorkloadProfile ${profile} must declare spec.load (cpuPerRequest and its starting requestsPerSecond)`);
      if (typeof rps !== 'number' || !Number.isFinite(rps) || rps < 0) fail([...p, 'requestsPerSecond'], 'must be a number of 0 or more');
      for (const k of Object.keys(value)) if (k !== 'profile' && k !== 'requestsPerSecond') fail([...p, k], 'unknown field; expected profile, requestsPerSecond');
      action = { load: { profile: profile as string, requestsPerSecond: rps as number } };
      break;
    }
    case 'failZone':
    case 'restoreZone': {
      if (!isRecord(value)) return fail(p, 'must be a map with pool and zone');
      const pool = ctx.objects.find((o) => o.kind === 'NodePool' && o.metadata.name === value['pool']);
      if (!pool) fail([...p, 'pool'], 'must name a NodePool among objects');
      const zones = (pool?.['spec'] as { zones?: unknown } | undefined)?.zones;
      if (typeof value['zone'] !== 'string') fail([...p, 'zone'], 'required: a zone of the pool');
      else if (Array.isArray(zones) && !zones.includes(value['zone'])) fail([...p, 'zone'], `is not one of the pool's zones (${zones.join(', ')})`);
      for (const k of Object.keys(value)) if (k !== 'pool' && k !== 'zone') fail([...p, k], 'unknown field; expected pool, zone');
      action = key === 'failZone' ? { failZone: { pool: value['pool'] as string, zone: value['zone'] as string } } : { restoreZone: { pool: value['pool'] as string, zone: value['zone'] as string } };
      break;
    }
    case 'advance': {
      const ms = duration(value);
      if (ms === undefined || ms <= 0) return fail(p, 'must be a positive Go duration such as 1h (the cluster clock cannot go backwards)');
      action = { advance: ms };
      break;
    }
    case 'speed':
      if (!validSpeed(value)) return fail(p, `must be a number greater than 0 and at most ${MAX_SPEED}`);
      action = { speed: value as number };
      break;
    case 'apply':
      action = { apply: manifests(value, p, fail) };
      break;
  }
  return at === undefined || !action ? undefined : ({ at, ...action } as Step);
}

/** A list of manifests, each with apiVersion, kind and metadata.name. */
function manifests(raw: unknown, path: Path, fail: Fail): Manifest[] {
  if (!Array.isArray(raw)) {
    fail(path, 'must be a list of Kubernetes objects');
    return [];
  }
  const out: Manifest[] = [];
  raw.forEach((o, i) => {
    const p = [...path, i];
    if (!isRecord(o)) return fail(p, 'must be a Kubernetes object (apiVersion, kind, metadata.name)');
    let ok = true;
    for (const k of ['apiVersion', 'kind'] as const) if (typeof o[k] !== 'string' || !o[k]) ((ok = false), fail([...p, k], 'required'));
    const meta = o['metadata'];
    if (!isRecord(meta) || typeof meta['name'] !== 'string' || !meta['name']) ((ok = false), fail([...p, 'metadata', 'name'], 'required'));
    if (ok) out.push(o as unknown as Manifest);
  });
  return out;
}

/** A Go duration string, or a number of seconds. */
function duration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v * 1000 : undefined;
  return typeof v === 'string' ? parseGoDuration(v) : undefined;
}

function validSpeed(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_SPEED;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `steps[2].load.profile` */
function fieldPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** The line of the deepest node of `path` that exists (a missing field is reported on its parent's line). */
function nodeLine(doc: Document, lc: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  return undefined;
}
