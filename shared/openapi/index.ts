export { builtinSchemas, builtinScalars, builtinTypes, createSchemaSource, applyPatchMetadata, type ScalarSchema } from './builtin-schemas';
export { patchMetadata, atomicStructs, conditionsConvention, type PatchMeta } from './patch-metadata';
export { checkFields, decodeBody, pruneUnknownFields, type DecodedBody, type FieldCheck } from './field-validation';
export { encodeBase64, goBase64Check } from './go-base64';
export { strictFieldError, strictPatchError, strictDecodingMessage, decodeError } from './strict-errors';
export { openapiIndex, type OpenApiIndex } from './openapi-index';
export { openapiGroupVersionDocument, type OpenApiGroupVersionInput, type OpenApiResourceInput } from './openapi-document';
export { componentsFor, typeToOpenApi, fieldToOpenApi, type OpenApiSchema } from './openapi-schema';
export { inlineComponents } from './inline-schemas';
