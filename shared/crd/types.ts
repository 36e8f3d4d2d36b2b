import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
  CustomResourceSubresources,
} from 'kubernetes-types/apiextensions/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/**
 * apiextensions.k8s.io/v1 JSONSchemaProps with the Kubernetes vendor extensions, which
 * kubernetes-types leaves out. Only what a structural schema may hold is typed precisely.
 */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  default?: unknown;
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps | JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  example?: unknown;
  externalDocs?: { description?: string; url?: string };
  id?: string;
  $ref?: string;
  $schema?: string;
  additionalItems?: JSONSchemaProps | boolean;
  definitions?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, JSONSchemaProps | string[]>;
  patternProperties?: Record<string, JSONSchemaProps>;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
}

/** One version of a CRD, its schema typed with the vendor extensions. */
export interface CRDVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: CustomResourceSubresources;
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: { jsonPath: string }[];
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition, as the API server stores it. */
export interface CRD {
  apiVersion?: 'apiextensions.k8s.io/v1';
  kind?: 'CustomResourceDefinition';
  metadata?: ObjectMeta;
  spec: {
    group: string;
    names: CustomResourceDefinitionNames;
    scope: string;
    versions: CRDVersion[];
    preserveUnknownFields?: boolean;
    conversion?: { strategy: string; webhook?: unknown };
  };
  status?: {
    acceptedNames?: CustomResourceDefinitionNames;
    conditions?: CustomResourceDefinitionCondition[];
    storedVersions?: string[];
  };
}

export type { CustomResourceColumnDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionNames };
