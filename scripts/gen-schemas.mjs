#!/usr/bin/env node
// Generates shared/openapi/generated/builtin-schemas.json from the `kubernetes-types` package.
//
// Why parse .d.ts files: they are the only machine-readable description of the built-in kinds
// already installed (no network at build time), and they are regular, machine-generated text:
//   /** doc */ export interface Name { /** doc */ field?: Type; }
// Patch metadata (patchMergeKey, listType, …) is not in them; shared/openapi/patch-metadata.ts
// adds it at load time, so editing that overlay never requires re-running this script.
//
// Usage: node scripts/gen-schemas.mjs   (run by hand, output committed)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(repo, 'node_modules', 'kubernetes-types');
const outFile = join(repo, 'shared', 'openapi', 'generated', 'builtin-schemas.json');

/** Root kinds, as [module, interface]; their List kinds and everything reachable are included. */
const ROOTS = [
  ...['Namespace', 'Pod', 'Node', 'Event', 'ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Endpoints', 'Binding', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange'].map((k) => ['core/v1', k]),
  ...['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ControllerRevision'].map((k) => ['apps/v1', k]),
  ['coordination/v1', 'Lease'],
  ['autoscaling/v1', 'HorizontalPodAutoscaler'],
  ['autoscaling/v1', 'Scale'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['policy/v1', 'Eviction'],
  ['events/v1', 'Event'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['scheduling/v1', 'PriorityClass'],
  ['apiextensions/v1', 'CustomResourceDefinition'],
  ['flowcontrol/v1', 'FlowSchema'],
  ['flowcontrol/v1', 'PriorityLevelConfiguration'],
  ...['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map((k) => ['rbac/v1', k]),
  ['networking/v1', 'Ingress'],
  ['networking/v1', 'IngressClass'],
  ['networking/v1', 'NetworkPolicy'],
  ['discovery/v1', 'EndpointSlice'],
  ['storage/v1', 'StorageClass'],
];
/** Types every API document refers to (responses, delete bodies, watch events, patch bodies). */
const EXTRA = [
  ['meta/v1', 'Status'],
  ['meta/v1', 'DeleteOptions'],
  ['meta/v1', 'WatchEvent'],
  ['meta/v1', 'Patch'],
  ['meta/v1', 'APIResourceList'],
];

/** Upstream OpenAPI definition prefix of each kubernetes-types module. */
function prefixOf(mod) {
  const special = {
    'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
    'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
    runtime: 'io.k8s.apimachinery.pkg.runtime',
    version: 'io.k8s.apimachinery.pkg.version',
    'apiextensions/v1': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
  };
  return special[mod] ?? `io.k8s.api.${mod.replace('/', '.')}`;
}

/** Named types that are scalars on the wire, keyed by upstream definition name. */
const SCALARS = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'time',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'any',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': 'any',
};

/**
 * Times whose Go layout is not time.RFC3339: both are `date-time` in upstream's OpenAPI, but MicroTime decodes
 * with RFC3339Micro, which needs exactly six fraction digits (field-validation refuses what Go refuses).
 */
const TIME_LAYOUTS = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'RFC3339Micro',
};

// ---------------------------------------------------------------- parsing one .d.ts module

const modules = new Map(); // mod -> { imports: Map<local, mod>, decls: Map<name, {doc, body|alias}> }

function cleanDoc(raw) {
  // raw is the text between /** and */
  const lines = raw.split('\n').map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  return lines.join('\n').trim();
}

function loadModule(mod) {
  if (modules.has(mod)) return modules.get(mod);
  const src = readFileSync(join(pkg, `${mod}.d.ts`), 'utf8');
  const imports = new Map();
  for (const m of src.matchAll(/^import \{([^}]+)\} from "\.\.\/([^"]+)";$/gm)) {
    for (const name of m[1].split(',').map((s) => s.trim())) imports.set(name, m[2]);
  }
  for (const m of src.matchAll(/^import \{([^}]+)\} from "\.\/([^"]+)";$/gm)) {
    const dir = mod.includes('/') ? mod.slice(0, mod.indexOf('/') + 1) : '';
    for (const name of m[1].split(',').map((s) => s.trim())) imports.set(name, dir + m[2]);
  }
  const decls = new Map();
  const lines = src.split('\n');
  let doc = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('/**')) {
      let text = line;
      while (!text.includes('*/')) text += '\n' + lines[++i];
      doc = cleanDoc(text.slice(3, text.lastIndexOf('*/')));
      continue;
    }
    let m = /^export interface (\w+) \{(\})?$/.exec(line);
    if (m) {
      const body = [];
      if (!m[2]) while (lines[++i] !== '}') body.push(lines[i]);
      decls.set(m[1], { doc, body });
      doc = '';
      continue;
    }
    m = /^export type (\w+) = (.+);$/.exec(line);
    if (m) {
      decls.set(m[1], { doc, alias: m[2] });
      doc = '';
    }
  }
  const info = { imports, decls };
  modules.set(mod, info);
  return info;
}

/** Resolves a type identifier used in `mod` to [module, name]. */
function resolveName(mod, name) {
  const info = loadModule(mod);
  if (info.decls.has(name)) return [mod, name];
  const from = info.imports.get(name);
  if (!from) throw new Error(`${mod}: unknown type ${name}`);
  return [from, name];
}

/** Parses the members of an interface body into [{name, optional, doc, type}]. */
function parseMembers(body) {
  const members = [];
  let doc = '';
  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    const t = line.trim();
    if (t.startsWith('/**')) {
      let text = t;
      while (!text.includes('*/')) text += '\n' + body[++i];
      doc = cleanDoc(text.slice(3, text.lastIndexOf('*/')));
      continue;
    }
    const m = /^(?:readonly )?("[^"]+"|[\w$]+)(\?)?: (.*)$/.exec(t);
    if (!m) throw new Error(`cannot parse member: ${line}`);
    let type = m[3];
    if (type === '{') {
      // inline map: `{ [name: string]: T; }` spread over lines
      while (body[i + 1].trim() !== '};') type += ' ' + body[++i].trim();
      i++;
      type += ' }';
    } else {
      type = type.replace(/;$/, '');
    }
    members.push({ name: m[1].replace(/"/g, ''), optional: !!m[2], doc, type });
    doc = '';
  }
  return members;
}

// ---------------------------------------------------------------- building TypeSchemas

const types = {}; // name -> TypeSchema
const scalars = {}; // name -> { kind, description }
const queue = [];

function typeRef(mod, name) {
  const [m, n] = resolveName(mod, name);
  const full = `${prefixOf(m)}.${n}`;
  if (SCALARS[full]) {
    if (!scalars[full]) scalars[full] = { kind: SCALARS[full], description: loadModule(m).decls.get(n).doc };
    return TIME_LAYOUTS[full] ? { kind: SCALARS[full], layout: TIME_LAYOUTS[full] } : { kind: SCALARS[full] };
  }
  const decl = loadModule(m).decls.get(n);
  if (decl.alias) throw new Error(`unhandled alias ${full} = ${decl.alias}`);
  if (!types[full] && !queue.some((q) => q.full === full)) queue.push({ mod: m, name: n, full });
  return { kind: 'object', ref: full };
}

function fieldType(mod, type) {
  if (type === 'string' || /^"[^"]*"$/.test(type)) return { kind: 'string' };
  if (type === 'number') return { kind: 'integer' }; // floats are the overlay's exception
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'number | string') return { kind: 'int-or-string' };
  let m = /^Array<(.+)>$/.exec(type);
  if (m) return { kind: 'array', items: fieldType(mod, m[1]) };
  m = /^\{ \[name: string\]: (.+); \}$/.exec(type);
  if (m) return { kind: 'map', values: fieldType(mod, m[1]) };
  if (/^\w+$/.test(type)) return typeRef(mod, type);
  throw new Error(`${mod}: unhandled type expression ${type}`);
}

function build({ mod, name, full }) {
  const decl = loadModule(mod).decls.get(name);
  const schema = { name: full };
  if (decl.doc) schema.description = decl.doc;
  schema.fields = {};
  const required = [];
  let apiVersion;
  let kind;
  for (const member of parseMembers(decl.body)) {
    const f = fieldType(mod, member.type);
    if (member.doc) f.description = member.doc;
    schema.fields[member.name] = f;
    if (!member.optional) required.push(member.name);
    if (member.name === 'apiVersion') apiVersion = /^"(.+)"$/.exec(member.type)?.[1];
    if (member.name === 'kind') kind = /^"(.+)"$/.exec(member.type)?.[1];
  }
  if (required.length) schema.required = required;
  if (apiVersion && kind) {
    const slash = apiVersion.indexOf('/');
    schema.gvk = slash < 0
      ? { group: '', version: apiVersion, kind }
      : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
  }
  types[full] = schema;
}

for (const [mod, name] of [...ROOTS, ...ROOTS.map(([m, n]) => [m, `${n}List`]), ...EXTRA]) {
  if (!loadModule(mod).decls.has(name)) continue; // e.g. Binding, Eviction and Scale have no List
  typeRef(mod, name);
}
while (queue.length) build(queue.shift());

// kubernetes-types types every `number` alike; upstream has float64 (OpenAPI `number`) only here.
const JSP = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
for (const f of ['maximum', 'minimum', 'multipleOf']) types[JSP].fields[f].kind = 'number';
// kubernetes-types 1.30 omits the x-kubernetes-* members of JSONSchemaProps (their JSON names
// are not identifiers); without them strict validation would reject most real CRDs.
Object.assign(types[JSP].fields, {
  'x-kubernetes-embedded-resource': { kind: 'boolean', description: 'Marks the value as an embedded Kubernetes object (apiVersion, kind, metadata are validated).' },
  'x-kubernetes-int-or-string': { kind: 'boolean', description: 'Marks the value as either an integer or a string.' },
  'x-kubernetes-list-map-keys': { kind: 'array', items: { kind: 'string' }, listType: 'atomic', description: 'For x-kubernetes-list-type map: the item fields that identify an item.' },
  'x-kubernetes-list-type': { kind: 'string', description: 'The topology of the array for server-side apply: atomic, set or map.' },
  'x-kubernetes-map-type': { kind: 'string', description: 'The topology of the object for server-side apply: granular or atomic.' },
  'x-kubernetes-preserve-unknown-fields': { kind: 'boolean', description: 'Keeps fields the schema does not declare instead of pruning them.' },
  'x-kubernetes-validations': {
    kind: 'array',
    items: typeRef('apiextensions/v1', 'ValidationRule'),
    patchMergeKey: 'rule',
    patchStrategy: 'merge',
    listType: 'map',
    listMapKeys: ['rule'],
    description: 'Validation rules written in CEL.',
  },
});
while (queue.length) build(queue.shift());

// Status is served as core v1 Status although its apiVersion is not a literal in kubernetes-types.
types['io.k8s.apimachinery.pkg.apis.meta.v1.Status'].gvk = { group: '', version: 'v1', kind: 'Status' };

// Upstream spells IntOrString as its own definition; kubernetes-types inlines it as `number | string`.
scalars['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = {
  kind: 'int-or-string',
  description: 'IntOrString holds either an int32 or a string; JSON carries whichever it holds (a port number or a port name, say).',
};

// kubernetes-types says only `number`; upstream's OpenAPI says int32, int64 or double, and `byte` for
// base64 []byte strings. @kubernetes/client-node (generated from that OpenAPI) carries the formats in
// its models' attributeTypeMap, so walk both type graphs side by side from the roots and copy them.
const models = await import(pathToFileURL(join(repo, 'node_modules', '@kubernetes', 'client-node', 'dist', 'gen', 'models', 'all.js')).href);
const FORMATS = new Set(['int32', 'int64', 'double', 'byte']);
/** client-node's class name for a root type: V1Pod, V2HorizontalPodAutoscaler, CoreV1Event, EventsV1Event. */
function modelOf(full) {
  const m = /\.(v\d\w*)\.(\w+)$/.exec(full);
  if (!m) return undefined;
  const base = `V${m[1].slice(1)}${m[2]}`;
  if (models[base]) return models[base];
  const group = /^io\.k8s\.api\.(\w+)\./.exec(full)?.[1] ?? '';
  return models[`${group[0]?.toUpperCase()}${group.slice(1)}${base}`];
}
const modelFor = new Map();
const pending = Object.keys(types).filter((t) => modelOf(t)).map((t) => [t, modelOf(t)]);
while (pending.length) {
  const [name, model] = pending.shift();
  if (modelFor.has(name)) continue;
  modelFor.set(name, model);
  const attrs = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a]));
  for (const [fieldName, field] of Object.entries(types[name].fields)) {
    const attr = attrs.get(fieldName);
    if (!attr) continue;
    let f = field;
    while (f.kind === 'array' || f.kind === 'map') f = f.items ?? f.values;
    if (FORMATS.has(attr.format) && (f.kind === 'integer' || f.kind === 'number' || f.kind === 'string')) f.format = attr.format;
    const inner = /^(?:Array<|\{ \[key: string\]: )?(\w+)/.exec(attr.type)?.[1];
    if (f.kind === 'object' && f.ref && types[f.ref] && inner && models[inner]) pending.push([f.ref, models[inner]]);
  }
}
const unformatted = [];
for (const t of Object.values(types)) {
  for (const [fieldName, field] of Object.entries(t.fields)) {
    let f = field;
    while (f.kind === 'array' || f.kind === 'map') f = f.items ?? f.values;
    if (f.kind === 'integer' && !f.format) unformatted.push(`${t.name}.${fieldName}`);
  }
}
if (unformatted.length) console.warn(`integer fields without a format (no range check): ${unformatted.join(', ')}`);

const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
const out = JSON.stringify({ source: 'kubernetes-types@' + JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version, types: sorted(types), scalars: sorted(scalars) });
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, out + '\n');
console.log(`${Object.keys(types).length} types, ${Object.keys(scalars).length} scalars, ${out.length} bytes → ${outFile}`);
