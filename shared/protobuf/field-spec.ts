/**
 * The tables in ./tables describe each message as `{ fieldNumber: spec }`, one short string per field:
 *
 *   spec      = (jsonName | '^') [':' type] ['?'] ['*'] ['!']   (modifiers in any order)
 *   type      = 's' string (the default) | 'i' int32 | 'l' int64 | 'b' bool | 'd' double | 'y' bytes (base64)
 *             | '{' [type] '}' map<string, type> (empty braces: map<string, string>)
 *             | MessageName (another table entry, or a well-known type of ./well-known.ts: Time, Quantity,
 *               IntOrString, RawJSON for FieldsV1/RawExtension, StringList for a wrapped []string)
 *   '^'       the Go field is embedded with `json:",inline"`: its own fields merge into the parent
 *   '?'       the Go field is a pointer: present on the wire means set, even to a zero value
 *   '*'       repeated
 *   '!'       no `omitempty` in the Go json tag: Go's encoder prints the zero value (or null)
 *
 * These are exactly the facts Go's encoding/json needs to print the object kubectl would have sent as JSON.
 */
export type MessageTable = Record<string, Record<number, string>>;

/** Scalar wire types, by their spec letter. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'double' | 'bytes';

/** The value kind of a field (or of a map's values). */
export type ValueType = { scalar: ScalarType } | { message: string };

/** One field of a message, parsed from its spec string. */
export interface FieldSpec {
  /** JSON name; empty for an inline (embedded) message. */
  json: string;
  inline: boolean;
  value: ValueType;
  /** map<string, value>; a map's entries are messages {key = 1, value = 2}. */
  map: boolean;
  repeated: boolean;
  pointer: boolean;
  /** Go prints this field even when it is zero/nil (no omitempty). */
  keepEmpty: boolean;
}

const SCALARS: Record<string, ScalarType> = {
  s: 'string',
  i: 'int32',
  l: 'int64',
  b: 'bool',
  d: 'double',
  y: 'bytes',
};

function valueType(code: string): ValueType {
  const scalar = SCALARS[code || 's'];
  return scalar ? { scalar } : { message: code };
}

/**
 * Parses one spec string of a table.
 * @example parseFieldSpec('replicas:i?') // { json: 'replicas', value: { scalar: 'int32' }, pointer: true, ... }
 */
export function parseFieldSpec(spec: string): FieldSpec {
  const m = /^(\^|[A-Za-z0-9_$-]+)(?::(\{[A-Za-z]*\}|[A-Za-z]+))?([?*!]*)$/.exec(spec);
  if (!m) throw new Error(`protobuf table: malformed field spec '${spec}'`);
  const [, name, type = 's', mods] = m;
  const map = type.startsWith('{');
  return {
    json: name === '^' ? '' : name,
    inline: name === '^',
    value: valueType(map ? type.slice(1, -1) : type),
    map,
    repeated: mods.includes('*'),
    pointer: mods.includes('?'),
    keepEmpty: mods.includes('!'),
  };
}
