export { validateCreate, validateUpdate } from './validate';
export {
  inclusiveRangeError,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  maxLenError,
  regexError,
} from './name-validators';
export { validateAnnotations, validateLabelSelector, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
export type { NameValidator } from './object-meta';
export { formatValue, type FieldPath } from './field-error';
export { parseQuantity } from './quantity';
