import { WireType } from '@bufbuild/protobuf/wire';
import type { Json } from '../api/object';
import { expectWireType, forEachField, ProtobufDecodeError } from './wire-fields';

/**
 * apimachinery types whose JSON is not their protobuf shape (they implement MarshalJSON),
 * keyed by the message name the tables use.
 */
export const WELL_KNOWN: Record<string, (bytes: Uint8Array) => Json> = {
  Time: decodeTime,
  Quantity: decodeQuantity,
  IntOrString: decodeIntOrString,
  RawJSON: decodeRawJson,
  StringList: decodeStringList,
};

/**
 * metav1.Time {seconds = 1, nanos = 2}: upstream drops the nanos on decode and prints RFC3339 in UTC;
 * the zero time is marshalled as no bytes and printed as null.
 */
function decodeTime(bytes: Uint8Array): Json {
  if (bytes.length === 0) return null;
  let seconds = 0;
  forEachField(bytes, (no, wt, r) => {
    if (no !== 1) return false;
    expectWireType(no, wt, WireType.Varint);
    seconds = Number(r.int64());
    return true;
  });
  return formatRfc3339(seconds);
}

/** Go's time.RFC3339 in UTC, whole seconds: 2006-01-02T15:04:05Z. */
export function formatRfc3339(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError(`time out of range: ${seconds}s`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** resource.Quantity {string = 1}, already canonical on the wire; the zero Quantity prints "0". */
function decodeQuantity(bytes: Uint8Array): Json {
  let value = '';
  forEachField(bytes, (no, wt, r) => {
    if (no !== 1) return false;
    expectWireType(no, wt, WireType.LengthDelimited);
    value = r.string();
    return true;
  });
  return value === '' ? '0' : value;
}

/** intstr.IntOrString {type = 1 (0 Int, 1 String), intVal = 2, strVal = 3} prints as a bare number or string. */
function decodeIntOrString(bytes: Uint8Array): Json {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  forEachField(bytes, (no, wt, r) => {
    if (no === 1 || no === 2) {
      expectWireType(no, wt, WireType.Varint);
      if (no === 1) type = Number(r.int64());
      else intVal = r.int32();
      return true;
    }
    if (no !== 3) return false;
    expectWireType(no, wt, WireType.LengthDelimited);
    strVal = r.string();
    return true;
  });
  return type === 1 ? strVal : intVal;
}

/** FieldsV1 / RawExtension {raw = 1}: the bytes are the JSON itself. */
function decodeRawJson(bytes: Uint8Array): Json {
  let raw: Uint8Array | undefined;
  forEachField(bytes, (no, wt, r) => {
    if (no !== 1) return false;
    expectWireType(no, wt, WireType.LengthDelimited);
    raw = r.bytes();
    return true;
  });
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(new TextDecoder().decode(raw)) as Json;
  } catch {
    throw new ProtobufDecodeError('embedded raw object is not JSON');
  }
}

/** A named []string used as a map value (authentication ExtraValue) is wrapped as {repeated string items = 1}. */
function decodeStringList(bytes: Uint8Array): Json {
  const items: string[] = [];
  forEachField(bytes, (no, wt, r) => {
    if (no !== 1) return false;
    expectWireType(no, wt, WireType.LengthDelimited);
    items.push(r.string());
    return true;
  });
  return items;
}
