export type { CRD, CRDVersion, JSONSchemaProps, CustomResourceColumnDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionNames } from './types';
export { validateCRD } from './validate-crd';
export { defaultCRD } from './crd-defaulting';
export { validateStructuralSchema, OPENAPI_V3_TYPES } from './structural-schema';
export { namesConflicts, findNameConflicts, usedNames, type NameConflict, type UsedNames } from './names-conflicts';
export { crdStatus, isEstablished } from './crd-status';
export {
  crdToResourceDef,
  crdToResourceDefs,
  crdTypeName,
  crdVersion,
  crdVersionSchema,
  crdPrinterColumns,
  compareKubeVersions,
  storageVersionOf,
} from './crd-resource-defs';
export { crdSchemaSource, schemaToTypes } from './crd-schema-source';
export { validateCustomObject, jsonType } from './validate-custom-object';
export { applyCrdDefaults } from './crd-defaults';
export { pruneCustomObject } from './crd-prune';
export { checkFormat } from './formats';
