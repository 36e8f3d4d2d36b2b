export {
  decodeKubernetesProtobuf,
  isKubernetesProtobuf,
  KUBERNETES_PROTOBUF,
  protobufKinds,
} from './decode-kubernetes-protobuf';
export { decodeMessage } from './decode-message';
export { parseFieldSpec, type FieldSpec, type MessageTable, type ScalarType, type ValueType } from './field-spec';
export { messageRegistry, PROTOBUF_KINDS, protobufMessageFor, type MessageFields } from './registry';
export { ProtobufDecodeError } from './wire-fields';
