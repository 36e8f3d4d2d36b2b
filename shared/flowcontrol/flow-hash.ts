// hashFlowID (apf_controller.go): the first 8 bytes, little-endian, of sha256(schema ‖ 0x00 ‖ distinguisher).

/**
 * The 64-bit hash that shuffle sharding deals a flow's hand from.
 * @example await flowHash(crypto.subtle, 'global-default', 'alice') // 0x…n
 */
export async function flowHash(subtle: SubtleCrypto, flowSchema: string, distinguisher: string): Promise<bigint> {
  const enc = new TextEncoder();
  const a = enc.encode(flowSchema);
  const b = enc.encode(distinguisher);
  const input = new Uint8Array(a.length + 1 + b.length);
  input.set(a, 0);
  input.set(b, a.length + 1);
  const sum = new DataView(await subtle.digest('SHA-256', input));
  return sum.getBigUint64(0, true);
}
