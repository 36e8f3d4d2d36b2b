import { base64Encode, BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { setOwn, type Json, type JsonObject } from '../api/object';
import type { FieldSpec, ScalarType, ValueType } from './field-spec';
import { messageRegistry, type MessageFields } from './registry';
import { WELL_KNOWN } from './well-known';
import { expectWireType, forEachField, ProtobufDecodeError } from './wire-fields';

const SCALAR_WIRE: Record<ScalarType, WireType> = {
  string: WireType.LengthDelimited,
  bytes: WireType.LengthDelimited,
  int32: WireType.Varint,
  int64: WireType.Varint,
  bool: WireType.Varint,
  double: WireType.Bit64,
};

const ZERO: Record<ScalarType, Json> = { string: '', bytes: null, int32: 0, int64: 0, bool: false, double: 0 };

/**
 * Decodes one k8s.io/api message into the JSON Go's encoding/json would print for the same Go struct:
 * lowerCamel json names, omitempty honoured, pointers printed when set, structs always printed.
 * @example decodeMessage(raw, 'Deployment') // { metadata: {...}, spec: {...}, status: {} }
 */
export function decodeMessage(bytes: Uint8Array, name: string): JsonObject {
  const fields = messageRegistry().get(name);
  if (!fields) throw new Error(`protobuf table: no message ${name}`);
  const seen = new Map<number, Json>();
  forEachField(bytes, (no, wt, reader) => {
    const field = fields.get(no);
    if (!field) return false;
    collect(seen, no, field, wt, reader);
    return true;
  });
  return render(fields, seen);
}

function collect(seen: Map<number, Json>, no: number, field: FieldSpec, wt: WireType, reader: BinaryReader): void {
  if (field.map) {
    expectWireType(no, wt, WireType.LengthDelimited);
    const entries = (seen.get(no) ?? {}) as JsonObject;
    const [key, value] = readMapEntry(reader.bytes(), field.value);
    setOwn(entries, key, value); // a map key may be `__proto__`
    seen.set(no, entries);
  } else if (field.repeated) {
    const items = (seen.get(no) ?? []) as Json[];
    if ('scalar' in field.value && wt === WireType.LengthDelimited && SCALAR_WIRE[field.value.scalar] !== wt) {
      // packed encoding of a repeated number: one length-delimited run of values
      const run = new BinaryReader(reader.bytes());
      while (run.pos < run.len) items.push(readScalar(run, field.value.scalar));
    } else {
      items.push(readValue(no, wt, reader, field.value));
    }
    seen.set(no, items);
  } else {
    // proto2: for a singular field seen twice the last value wins
    seen.set(no, readValue(no, wt, reader, field.value));
  }
}

function readValue(no: number, wt: WireType, reader: BinaryReader, value: ValueType): Json {
  if ('scalar' in value) {
    expectWireType(no, wt, SCALAR_WIRE[value.scalar]);
    return readScalar(reader, value.scalar);
  }
  expectWireType(no, wt, WireType.LengthDelimited);
  return decodeValueMessage(reader.bytes(), value.message);
}

function readScalar(reader: BinaryReader, type: ScalarType): Json {
  switch (type) {
    case 'string':
      return reader.string();
    case 'bytes':
      return base64Encode(reader.bytes(), 'std');
    case 'int32':
      return reader.int32();
    case 'int64':
      return Number(reader.int64());
    case 'bool':
      return reader.bool();
    case 'double':
      return reader.double();
  }
}

function decodeValueMessage(bytes: Uint8Array, message: string): Json {
  const wellKnown = WELL_KNOWN[message];
  return wellKnown ? wellKnown(bytes) : decodeMessage(bytes, message);
}

/** A map entry is a message {key = 1, value = 2}; either may be missing and then takes its zero value. */
function readMapEntry(bytes: Uint8Array, value: ValueType): [string, Json] {
  let key = '';
  let entry: Json | undefined;
  forEachField(bytes, (no, wt, reader) => {
    if (no === 1) {
      expectWireType(no, wt, WireType.LengthDelimited);
      key = reader.string();
    } else if (no === 2) {
      entry = readValue(no, wt, reader, value);
    } else {
      return false;
    }
    return true;
  });
  if (entry === undefined) entry = 'scalar' in value ? emptyScalar(value.scalar) : decodeValueMessage(new Uint8Array(), value.message);
  return [key, entry];
}

/** A map's missing value is the Go zero value, which for []byte prints as "" inside a map. */
function emptyScalar(type: ScalarType): Json {
  return type === 'bytes' ? '' : ZERO[type];
}

function isZero(value: Json): boolean {
  return value === '' || value === 0 || value === false || value === null;
}

/** Applies Go's encoding/json rules to the fields seen on the wire and those that were not. */
function render(fields: MessageFields, seen: Map<number, Json>): JsonObject {
  const out: JsonObject = {};
  for (const [no, field] of fields) {
    const value = seen.get(no);
    if (field.inline) {
      // an embedded struct is never nil: its fields print even when it was not on the wire
      const inner = value ?? decodeValueMessage(new Uint8Array(), messageName(field));
      Object.assign(out, inner);
      continue;
    }
    if (value !== undefined) {
      const isStruct = 'message' in field.value && !field.repeated && !field.map;
      if (isStruct || field.pointer || field.keepEmpty || !isZero(value)) out[field.json] = value;
      continue;
    }
    if (field.repeated || field.map || field.pointer) {
      if (field.keepEmpty) out[field.json] = null;
    } else if ('message' in field.value) {
      // omitempty never omits a struct, so Go prints the zero struct (e.g. "resources": {}, "creationTimestamp": null)
      out[field.json] = decodeValueMessage(new Uint8Array(), field.value.message);
    } else if (field.keepEmpty) {
      out[field.json] = ZERO[field.value.scalar];
    }
  }
  return out;
}

function messageName(field: FieldSpec): string {
  if ('message' in field.value) return field.value.message;
  throw new ProtobufDecodeError(`inline field must be a message`);
}
