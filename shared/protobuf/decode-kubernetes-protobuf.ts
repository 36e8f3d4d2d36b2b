import { WireType } from '@bufbuild/protobuf/wire';
import { ApiError, badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import { decodeMessage } from './decode-message';
import { PROTOBUF_KINDS, protobufMessageFor } from './registry';
import { expectWireType, forEachField } from './wire-fields';

/** The media type kubectl ≥ 1.32 uses for typed-client request bodies. */
export const KUBERNETES_PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** Whether a Content-Type header names the Kubernetes protobuf encoding (parameters ignored). */
export function isKubernetesProtobuf(contentType: string | null | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === KUBERNETES_PROTOBUF;
}

/** k8s.io/apimachinery/pkg/runtime/serializer/protobuf: every body starts with "k8s\0". */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into the object as its JSON would read.
 * Throws ApiError 400 for bytes that are not such a body, 415 for kinds we keep no field table for.
 * @example decodeKubernetesProtobuf(new Uint8Array(await request.arrayBuffer()))
 *   // { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', ... }, spec: {...}, status: {} }
 */
export function decodeKubernetesProtobuf(body: Uint8Array): KubeObject {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    // upstream's wording (runtime/serializer/protobuf)
    throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
  const envelope = guard('envelope', () => readEnvelope(body.subarray(MAGIC.length)));
  const { apiVersion, kind } = envelope;
  if (!kind) throw badRequest(`Object 'Kind' is missing in protobuf envelope`);
  if (envelope.contentEncoding) {
    throw unsupported(`contentEncoding "${envelope.contentEncoding}" is not supported`);
  }
  const message = protobufMessageFor(apiVersion, kind);
  if (!message) throw unsupported(`${apiVersion || '<no apiVersion>'} ${kind} cannot be sent as protobuf here`);
  const object = guard(`${kind}`, () => decodeMessage(envelope.raw, message));
  return { kind, apiVersion, ...object };
}

/** Lists the kinds we decode, as "apps/v1 Deployment". */
export function protobufKinds(): string[] {
  return Object.entries(PROTOBUF_KINDS).flatMap(([gv, kinds]) => kinds.map((k) => `${gv} ${k}`));
}

/** runtime.Unknown {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3, contentType = 4}. */
function readEnvelope(bytes: Uint8Array): Envelope {
  const envelope: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '' };
  forEachField(bytes, (no, wt, reader) => {
    if (no < 1 || no > 3) return false;
    expectWireType(no, wt, WireType.LengthDelimited);
    if (no === 1) {
      forEachField(reader.bytes(), (tmNo, tmWt, tm) => {
        if (tmNo !== 1 && tmNo !== 2) return false;
        expectWireType(tmNo, tmWt, WireType.LengthDelimited);
        envelope[tmNo === 1 ? 'apiVersion' : 'kind'] = tm.string();
        return true;
      });
    } else if (no === 2) {
      envelope.raw = reader.bytes();
    } else {
      envelope.contentEncoding = reader.string();
    }
    return true;
  });
  return envelope;
}

/** Malformed wire data (truncation, wrong wire types, bad JSON in a raw field) becomes a 400. */
function guard<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof ApiError || !(e instanceof Error)) throw e;
    throw badRequest(`unable to decode protobuf ${what}: ${e.message}`);
  }
}

function unsupported(why: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - ${why}; ${KUBERNETES_PROTOBUF} is accepted for ` +
      `${protobufKinds().join(', ')}; send other kinds as application/json (kubectl create -f and kubectl apply do)`,
  );
}
