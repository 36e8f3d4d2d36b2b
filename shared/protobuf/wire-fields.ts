import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** Thrown for bytes that are not valid protobuf for the expected message; rendered as 400 BadRequest. */
export class ProtobufDecodeError extends Error {
  override name = 'ProtobufDecodeError';
}

/**
 * Calls `read` for each field of one message; fields it does not consume (returns false) are skipped,
 * so unknown or newer field numbers never break decoding.
 */
export function forEachField(
  bytes: Uint8Array,
  read: (fieldNo: number, wireType: WireType, reader: BinaryReader) => boolean,
): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (!read(fieldNo, wireType, reader)) reader.skip(wireType, fieldNo);
  }
}

/** Guards a read against a field number reused with another wire type (a corrupt or foreign body). */
export function expectWireType(fieldNo: number, actual: WireType, expected: WireType): void {
  if (actual !== expected) {
    throw new ProtobufDecodeError(`field ${fieldNo}: wire type ${actual}, expected ${expected}`);
  }
}
