/**
 * The shape of the API's type schemas: generated from `kubernetes-types` for built-in kinds
 * (shared/openapi), from a CRD's openAPIV3Schema for custom kinds. Patch strategies, server-side
 * apply, strict field validation and the OpenAPI documents all read this one description.
 */
export type FieldKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object' // a named struct: see `ref`
  | 'array' // see `items`
  | 'map' // string keys, values described by `values`
  | 'quantity' // resource.Quantity: string or number
  | 'int-or-string'
  | 'time' // RFC 3339 string
  | 'any'; // free-form JSON (RawExtension, preserve-unknown-fields)

export interface FieldSchema {
  kind: FieldKind;
  /** For `object`: the TypeSchema name, e.g. `io.k8s.api.core.v1.PodSpec`. */
  ref?: string;
  /** For `array`. */
  items?: FieldSchema;
  /** For `map`. */
  values?: FieldSchema;
  description?: string;
  /** Strategic merge patch: the list's merge key (Go struct tag patchMergeKey). */
  patchMergeKey?: string;
  /** Strategic merge patch: 'merge', 'replace', 'retainKeys' or 'merge,retainKeys'. */
  patchStrategy?: string;
  /** Server-side apply: x-kubernetes-list-type. */
  listType?: 'atomic' | 'set' | 'map';
  /** Server-side apply: x-kubernetes-list-map-keys. */
  listMapKeys?: string[];
  /** x-kubernetes-map-type. */
  mapType?: 'atomic' | 'granular';
  enum?: string[];
  /** OpenAPI format of a scalar: integer width (range-checked at decode), `double`, or `byte` (base64). */
  format?: 'int32' | 'int64' | 'double' | 'byte';
  /** For `time`: the Go layout it decodes with when not time.RFC3339 (metav1.MicroTime's, six fraction digits). */
  layout?: 'RFC3339Micro';
}

export interface TypeSchema {
  /** Fully qualified definition name, e.g. `io.k8s.api.apps.v1.Deployment`. */
  name: string;
  description?: string;
  fields: Record<string, FieldSchema>;
  required?: string[];
  /** Set on top-level kinds. */
  gvk?: { group: string; version: string; kind: string };
}

/** Looks up type schemas; implemented over the generated built-in schemas and over CRDs. */
export interface SchemaSource {
  /** The definition of a named type, or undefined when unknown. */
  type(name: string): TypeSchema | undefined;
  /** The root type name of a kind, e.g. ('apps','v1','Deployment') → 'io.k8s.api.apps.v1.Deployment'. */
  rootType(group: string, version: string, kind: string): string | undefined;
}
