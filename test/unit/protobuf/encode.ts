// Test helpers that hand-encode protobuf bodies, for cases kubectl never sends.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** One field to encode: number, wire kind, value. */
export type Field =
  | [no: number, kind: 'string', value: string]
  | [no: number, kind: 'bytes', value: Uint8Array]
  | [no: number, kind: 'int32' | 'bool', value: number | boolean]
  | [no: number, kind: 'int64', value: number]
  | [no: number, kind: 'fixed64' | 'fixed32', value: number]
  | [no: number, kind: 'message', value: Field[]]
  | [no: number, kind: 'packed', value: number[]];

/** Encodes fields in the given order (so tests control duplicates and ordering). */
export function message(fields: Field[]): Uint8Array {
  const w = new BinaryWriter();
  for (const [no, kind, value] of fields) {
    switch (kind) {
      case 'string':
        w.tag(no, WireType.LengthDelimited).string(value as string);
        break;
      case 'bytes':
        w.tag(no, WireType.LengthDelimited).bytes(value as Uint8Array);
        break;
      case 'int32':
        w.tag(no, WireType.Varint).int32(Number(value));
        break;
      case 'bool':
        w.tag(no, WireType.Varint).bool(Boolean(value));
        break;
      case 'int64':
        w.tag(no, WireType.Varint).int64(value as number);
        break;
      case 'fixed64':
        w.tag(no, WireType.Bit64).fixed64(value as number);
        break;
      case 'fixed32':
        w.tag(no, WireType.Bit32).fixed32(value as number);
        break;
      case 'message':
        w.tag(no, WireType.LengthDelimited).bytes(message(value as Field[]));
        break;
      case 'packed': {
        const run = new BinaryWriter();
        for (const n of value as number[]) run.int32(n);
        w.tag(no, WireType.LengthDelimited).bytes(run.finish());
        break;
      }
    }
  }
  return w.finish();
}

/** "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw, contentEncoding?}. */
export function body(apiVersion: string, kind: string, raw: Uint8Array, extra: Field[] = []): Uint8Array {
  const envelope = message([
    [1, 'message', [[1, 'string', apiVersion], [2, 'string', kind]]],
    [2, 'bytes', raw],
    ...extra,
  ]);
  return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...envelope]);
}
