#!/usr/bin/env python3
"""Regenerates shared/protobuf/tables/*.ts from the Go struct tags compiled into kubectl.

Why from the binary: go-to-protobuf derives the wire format from the Go struct tags
(`protobuf:"bytes,8,opt,name=creationTimestamp"`), and the JSON view of the same object
depends on facts the .proto files do not carry (pointer or not, omitempty, inline). A Go
binary keeps its type descriptors (runtime abi.Type, go1.23 layout, amd64), so walking them
gives all of it exactly, for the very k8s.io/api version kubectl 1.32 links.

Usage: python3 test/unit/protobuf/tools/generate-tables.py [/path/to/kubectl.1.32]
"""
import os, re, struct, sys

BIN = sys.argv[1] if len(sys.argv) > 1 else '/usr/lib/google-cloud-sdk/bin/kubectl.1.32'
OUT = os.path.join(os.path.dirname(__file__), '../../../../shared/protobuf/tables')

# --- ELF: section lookup (the Go linker keeps .rodata and .typelink headers) ---
data = open(BIN, 'rb').read()
shoff, = struct.unpack_from('<Q', data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3A)
secs = []
for i in range(shnum):
    name, _t, _f, addr, offset, size = struct.unpack_from('<IIQQQQ', data, shoff + i * shentsize)
    secs.append([name, addr, offset, size])
strtab_off = secs[shstrndx][2]
def secname(n): return data[strtab_off + n:data.index(b'\0', strtab_off + n)].decode()
S = {secname(s[0]): s for s in secs}
RODATA = S['.rodata'][1]
def off(va):
    for _, addr, offset, size in secs:
        if addr <= va < addr + size and offset: return va - addr + offset
    raise ValueError(hex(va))
def u8(va): return data[off(va)]
def u64(va): return struct.unpack_from('<Q', data, off(va))[0]
def i32(va): return struct.unpack_from('<i', data, off(va))[0]
def varint(va):
    v = s = 0
    while True:
        b = u8(va); va += 1; v |= (b & 0x7f) << s; s += 7
        if b < 0x80: return v, va
def readname(va):
    flags = u8(va); n, p = varint(va + 1)
    name = data[off(p):off(p) + n].decode(); p += n; tag = ''
    if flags & 2:
        tn, p = varint(p); tag = data[off(p):off(p) + tn].decode()
    return name, tag, flags

# --- abi.Type walking ---
KIND = {1: 'bool', 2: 'int', 5: 'int32', 6: 'int64', 8: 'uint8', 10: 'uint32', 11: 'uint64', 14: 'float64',
        17: 'array', 20: 'interface', 21: 'map', 22: 'ptr', 23: 'slice', 24: 'string', 25: 'struct'}
def kind(t): return KIND.get(u8(t + 23) & 0x1f, '?')
def bare(t):
    n = readname(RODATA + i32(t + 40))[0]
    if u8(t + 20) & 2: n = n[1:]
    return n.split('.')[-1]
def key(t):  # pkgpath.Name for a named struct (uncommon type follows the 80-byte StructType)
    pk = readname(RODATA + i32(t + 80))[0] if u8(t + 20) & 1 else ''
    return pk + '.' + bare(t)

structs, seen = {}, set()
def visit(t):
    if t in seen: return
    seen.add(t); k = kind(t)
    if k == 'struct':
        fields = []
        for i in range(u64(t + 64)):
            f = u64(t + 56) + 24 * i
            name, tag, flags = readname(u64(f)); ft = u64(f + 8); visit(ft)
            fields.append((name, tag, bool(flags & 8), ft))
        structs[t] = fields
    elif k in ('ptr', 'slice'): visit(u64(t + 48))
    elif k == 'map': visit(u64(t + 48)); visit(u64(t + 56))
tl = S['.typelink']
for i in range(0, tl[3], 4): visit(RODATA + struct.unpack_from('<i', data, tl[2] + i)[0])
bykey = {key(t): t for t in structs if kind(t) == 'struct' and u8(t + 20) & 1}

# --- what to emit ---
API, MACH = 'k8s.io/api/', 'k8s.io/apimachinery/pkg/'
ROOTS = {
    'core/v1': ['Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'ResourceQuota', 'Pod'],
    'apps/v1': ['Deployment'],
    'batch/v1': ['Job', 'CronJob'],
    'autoscaling/v1': ['HorizontalPodAutoscaler'],
    'policy/v1': ['PodDisruptionBudget'],
    'rbac/v1': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
    'scheduling/v1': ['PriorityClass'],
    'networking/v1': ['Ingress'],
    'authentication/v1': ['TokenRequest', 'SelfSubjectReview'],
    'authorization/v1': ['SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
}
# Types whose JSON is custom (MarshalJSON); the decoder knows them by these names (shared/protobuf/well-known.ts:
# MicroTime and Duration are not reachable from ROOTS today; adding a root that reaches them needs a decoder there).
SPECIAL = {MACH + 'apis/meta/v1.Time': 'Time', MACH + 'apis/meta/v1.MicroTime': 'MicroTime',
           MACH + 'apis/meta/v1.Duration': 'Duration', MACH + 'api/resource.Quantity': 'Quantity',
           MACH + 'util/intstr.IntOrString': 'IntOrString', MACH + 'apis/meta/v1.FieldsV1': 'RawJSON',
           MACH + 'runtime.RawExtension': 'RawJSON'}
SCALAR = {'string': '', 'int32': 'i', 'int64': 'l', 'bool': 'b', 'float64': 'd', 'int': 'l', 'uint32': 'i', 'uint64': 'l'}

def group_of(k):
    pk = k.rsplit('.', 1)[0]
    return pk[len(API):] if pk.startswith(API) else 'meta/v1' if pk == MACH + 'apis/meta/v1' else pk

def type_code(t, todo):
    k = kind(t)
    if k == 'struct':
        kk = key(t)
        if kk in SPECIAL: return SPECIAL[kk]
        todo.append(kk); return bare(t)
    if k == 'slice' and kind(u64(t + 48)) == 'uint8': return 'y'
    # map<string, ExtraValue>: go-to-protobuf wraps a named []string as message {repeated string items = 1}
    if k == 'slice' and kind(u64(t + 48)) == 'string': return 'StringList'
    if k in SCALAR: return SCALAR[k] or 's'
    raise ValueError('unsupported Go kind ' + k)

def spec(field, todo):
    name, tag, embedded, ft = field
    pb = re.search(r'protobuf:"([^"]*)"', tag)
    if not pb: return None
    parts = pb.group(1).split(','); num = int(parts[1])
    js = re.search(r'json:"([^"]*)"', tag); jparts = (js.group(1) if js else name).split(',')
    json_name, omitempty, inline = jparts[0], 'omitempty' in jparts, 'inline' in jparts
    k, mods = kind(ft), ''
    if k == 'ptr': ft = u64(ft + 48); mods += '?'
    k = kind(ft)
    if k == 'map':
        v = u64(ft + 56)
        t = '{' + ('' if kind(v) == 'string' else type_code(v, todo)) + '}'
    elif k == 'slice' and kind(u64(ft + 48)) != 'uint8':
        t = type_code(u64(ft + 48), todo); mods += '*'
    else:
        t = type_code(ft, todo)
    if not omitempty and not inline: mods += '!'
    s = ('^' if inline else json_name) + ('' if t == 's' else ':' + t) + mods
    return num, s

tables, names = {}, {}
todo = [API + g + '.' + r for g, rs in ROOTS.items() for r in rs]
while todo:
    k = todo.pop()
    g = group_of(k)
    if k in names or k in SPECIAL: continue
    short = k.rsplit('.', 1)[1]
    if short in names.values(): raise SystemExit('message name collision: ' + k)
    names[k] = short
    entries = [e for e in (spec(f, todo) for f in structs[bykey[k]]) if e]
    tables.setdefault(g, {})[short] = sorted(entries)

HEADER = """// Generated by test/unit/protobuf/tools/generate-tables.py from the Go struct tags in kubectl 1.32.
// Do not edit by hand: regenerate. Spec grammar is documented in ../field-spec.ts.
import type { MessageTable } from '../field-spec';
"""
os.makedirs(OUT, exist_ok=True)
for g, msgs in sorted(tables.items()):
    ident = re.sub(r'/(\w)', lambda m: m.group(1).upper(), g)
    fname = g.replace('/', '-') + '.ts'
    lines = [HEADER, f'/** Messages of {"k8s.io/api/" + g if g != "meta/v1" else "k8s.io/apimachinery/pkg/apis/meta/v1"} reachable from the kinds kubectl creates. */',
             f'export const {ident}: MessageTable = {{']
    for m in sorted(msgs):
        items = [f"{n}: '{s}'" for n, s in msgs[m]]
        one = f'  {m}: {{ {", ".join(items)} }},'
        if len(one) <= 120:
            lines.append(one); continue
        lines.append(f'  {m}: {{'); row = '   '
        for it in items:
            if len(row) + len(it) + 2 > 120: lines.append(row.rstrip()); row = '   '
            row += ' ' + it + ','
        lines += [row, '  },']
    lines.append('};\n')
    open(os.path.join(OUT, fname), 'w').write('\n'.join(lines))
    print(fname, len(msgs), 'messages')
