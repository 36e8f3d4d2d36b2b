import type { StatusCause } from '../api/errors';
import { child, forbidden, index, invalidValue, key, notSupported, required } from './field-errors';
import type { JSONSchemaProps } from './types';

/** The OpenAPI v3 types a CRD schema may name (openapiV3Types, sorted as upstream lists them). */
export const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

type Level = 'root' | 'item' | 'field';
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

/**
 * The schema checks apiextensions runs on a v1 CRD's openAPIV3Schema: the generic v3 rules
 * (ValidateCustomResourceDefinitionOpenAPISchema) and the structural-schema invariants
 * (schema.ValidateStructural). `path` is where the schema sits: `spec.versions[0].schema.openAPIV3Schema`.
 * @example validateStructuralSchema({ type: 'object', properties: { spec: {} } }, 'spec.versions[0].schema.openAPIV3Schema')
 * // [{ field: '…openAPIV3Schema.properties[spec].type', message: 'Required value: must not be empty for specified object fields' }]
 */
export function validateStructuralSchema(schema: JSONSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (schema.nullable) errs.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  generic(schema, path, true, { insideMeta: false, defaultsForbidden: undefined }, errs);
  const structural: StatusCause[] = [];
  invariants(schema, 'root', path, structural);
  // upstream sorts structural errors by their text so the order does not depend on map iteration
  structural.sort((a, b) => (`${a.field}: ${a.message}` < `${b.field}: ${b.message}` ? -1 : 1));
  return [...errs, ...structural];
}

interface GenericCtx {
  insideMeta: boolean;
  /** Set when defaults are not allowed here, with upstream's reason ("in top-level metadata"). */
  defaultsForbidden: string | undefined;
}

function generic(s: JSONSchemaProps, path: string, isRoot: boolean, ctx: GenericCtx, errs: StatusCause[]): void {
  if (s.type && !OPENAPI_V3_TYPES.includes(s.type)) {
    if (s.type === 'null') errs.push(forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
    else errs.push(notSupported(child(path, 'type'), s.type, OPENAPI_V3_TYPES));
  }
  if (s.default !== undefined && ctx.defaultsForbidden !== undefined) {
    errs.push(forbidden(child(path, 'default'), `must not be set ${ctx.defaultsForbidden}`.trim()));
  }
  if (s.id) errs.push(forbidden(child(path, 'id'), 'id is not supported'));
  if (s.additionalItems !== undefined) errs.push(forbidden(child(path, 'additionalItems'), 'additionalItems is not supported'));
  if (s.patternProperties && Object.keys(s.patternProperties).length) errs.push(forbidden(child(path, 'patternProperties'), 'patternProperties is not supported'));
  if (s.definitions && Object.keys(s.definitions).length) errs.push(forbidden(child(path, 'definitions'), 'definitions is not supported'));
  if (s.dependencies) errs.push(forbidden(child(path, 'dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(child(path, '$ref'), '$ref is not supported'));
  if (Array.isArray(s.items)) errs.push(forbidden(child(path, 'items'), 'items must be a schema object and not an array'));
  if (ctx.insideMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
  if (s.uniqueItems) errs.push(forbidden(child(path, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  const props = s.properties ?? {};
  const hasProps = Object.keys(props).length > 0;
  if (s.additionalProperties !== undefined) {
    if (hasProps && (s.additionalProperties === false || typeof s.additionalProperties === 'object')) {
      errs.push(forbidden(child(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    if (typeof s.additionalProperties === 'object') {
      const sub = ctx.insideMeta ? { ...ctx, defaultsForbidden: 'inside additionalProperties applying to object metadata' } : ctx;
      generic(s.additionalProperties, child(path, 'additionalProperties'), false, sub, errs);
    }
  }
  for (const [name, p] of Object.entries(props)) {
    let sub = ctx;
    if ((isRoot || s['x-kubernetes-embedded-resource']) && META_FIELDS.has(name)) {
      sub = { insideMeta: true, defaultsForbidden: isRoot ? `in top-level ${name}` : ctx.defaultsForbidden };
    }
    generic(p, key(child(path, 'properties'), name), false, sub, errs);
  }
  if (s.not) generic(s.not, child(path, 'not'), false, ctx, errs);
  for (const [junctor, list] of [['allOf', s.allOf], ['oneOf', s.oneOf], ['anyOf', s.anyOf]] as const) {
    (list ?? []).forEach((j, i) => generic(j, index(child(path, junctor), i), false, ctx, errs));
  }
  if (s.items && !Array.isArray(s.items)) generic(s.items, child(path, 'items'), false, ctx, errs);
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(invalidValue(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  extensionTypeRules(s, path, errs);
}

function extensionTypeRules(s: JSONSchemaProps, path: string, errs: StatusCause[]): void {
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (s.type !== 'object') errs.push(typeNeeded(s, path, 'must be object if x-kubernetes-map-type is specified'));
    if (mapType !== 'atomic' && mapType !== 'granular') errs.push(notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (s.type !== 'array') errs.push(typeNeeded(s, path, 'must be array if x-kubernetes-list-type is specified'));
    if (!['atomic', 'set', 'map'].includes(listType)) errs.push(notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  const mapKeys = s['x-kubernetes-list-map-keys'] ?? [];
  if (mapKeys.length > 0) {
    if (listType === undefined) errs.push(required(child(path, 'x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errs.push(invalidValue(child(path, 'x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    const items = Array.isArray(s.items) ? undefined : s.items;
    if (mapKeys.length === 0) errs.push(required(child(path, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (!s.items) errs.push(required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    else if (items && items.type !== 'object') {
      errs.push(invalidValue(child(child(path, 'items'), 'type'), items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    } else if (items) {
      for (const k of mapKeys) {
        if (!items.properties?.[k]) errs.push(invalidValue(child(path, 'x-kubernetes-list-map-keys'), mapKeys, 'entries must all be names of item properties'));
      }
    }
  }
}

function typeNeeded(s: JSONSchemaProps, path: string, detail: string): StatusCause {
  return s.type ? invalidValue(child(path, 'type'), s.type, detail) : required(child(path, 'type'), detail);
}

/** schema.validateStructuralInvariants. */
function invariants(s: JSONSchemaProps, lvl: Level, path: string, errs: StatusCause[]): void {
  const items = Array.isArray(s.items) ? undefined : s.items;
  if (s.type === 'array' && !items) errs.push(required(child(path, 'items'), 'must be specified'));
  if (items) invariants(items, 'item', child(path, 'items'), errs);
  for (const [k, v] of Object.entries(s.properties ?? {})) invariants(v, 'field', key(child(path, 'properties'), k), errs);
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (lvl === 'root') errs.push(forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
    if (typeof s.additionalProperties === 'object') invariants(s.additionalProperties, 'field', child(path, 'additionalProperties'), errs);
  }
  const intOrString = Boolean(s['x-kubernetes-int-or-string']);
  const preserve = Boolean(s['x-kubernetes-preserve-unknown-fields']);
  const embedded = Boolean(s['x-kubernetes-embedded-resource']);
  if (intOrString && preserve) errs.push(invalidValue(child(path, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) errs.push(invalidValue(child(path, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  valueValidation(s, path, errs);
  if (embedded && s.type !== 'object') errs.push(typeNeeded(s, path, 'must be object if x-kubernetes-embedded-resource is true'));
  else if (!s.type && !intOrString && !preserve) {
    const detail = { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' }[lvl];
    errs.push(required(child(path, 'type'), detail));
  }
  if (embedded && s.additionalProperties !== undefined) errs.push(forbidden(child(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && s.type && s.type !== 'object') errs.push(invalidValue(child(path, 'type'), s.type, 'must be object at the root'));
  const checkMeta = lvl === 'root' || embedded;
  const props = s.properties ?? {};
  for (const f of ['kind', 'apiVersion']) {
    const p = props[f];
    if (p && checkMeta && p.type !== 'string') errs.push(invalidValue(child(key(child(path, 'properties'), f), 'type'), p.type ?? '', 'must be string'));
  }
  const meta = props.metadata;
  if (meta) {
    const metaPath = key(child(path, 'properties'), 'metadata');
    if (checkMeta && meta.type !== 'object') errs.push(invalidValue(child(metaPath, 'type'), meta.type ?? '', 'must be object'));
    if (lvl === 'root' && !onlyNameRestrictions(meta)) {
      errs.push(forbidden(metaPath, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
    }
  }
  if (embedded && !preserve && Object.keys(props).length === 0) {
    errs.push(required(child(path, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
}

/** Root metadata may only restrict name and generateName (plus its type and description-free shape). */
function onlyNameRestrictions(meta: JSONSchemaProps): boolean {
  const rest = Object.entries(meta).filter(([k]) => k !== 'type' && k !== 'properties' && k !== 'default');
  if (rest.length > 0) return false;
  const names = Object.keys(meta.properties ?? {});
  return names.every((n) => n === 'name' || n === 'generateName');
}

const INT_OR_STRING_ANY_OF = JSON.stringify([{ type: 'integer' }, { type: 'string' }]);

/** The junctors (anyOf/allOf/oneOf/not) may only hold value validations, not structure. */
function valueValidation(s: JSONSchemaProps, path: string, errs: StatusCause[], skipAnyOf = isIntOrStringAnyOf(s)): void {
  if (!skipAnyOf) (s.anyOf ?? []).forEach((n, i) => nested(n, index(child(path, 'anyOf'), i), errs));
  const skipFirst = (s.allOf?.length ?? 0) >= 1 && isIntOrStringAnyOf(s.allOf![0]!);
  (s.allOf ?? []).forEach((n, i) => nested(n, index(child(path, 'allOf'), i), errs, skipFirst && i === 0));
  (s.oneOf ?? []).forEach((n, i) => nested(n, index(child(path, 'oneOf'), i), errs));
  if (s.not) nested(s.not, child(path, 'not'), errs);
  if (s.pattern !== undefined) {
    try {
      new RegExp(s.pattern, 'u');
    } catch (e) {
      errs.push(invalidValue(child(path, 'pattern'), s.pattern, `must be a valid regular expression, but isn't: ${(e as Error).message}`));
    }
  }
}

function isIntOrStringAnyOf(s: JSONSchemaProps): boolean {
  return s.anyOf?.length === 2 && JSON.stringify(s.anyOf) === INT_OR_STRING_ANY_OF;
}

function nested(v: JSONSchemaProps, path: string, errs: StatusCause[], skipAnyOf = false): void {
  valueValidation(v, path, errs, skipAnyOf);
  if (v.items && !Array.isArray(v.items)) nested(v.items, child(path, 'items'), errs);
  for (const [k, p] of Object.entries(v.properties ?? {})) nested(p, key(child(path, 'properties'), k), errs);
  const mustBe = (field: keyof JSONSchemaProps, set: boolean, detail: string): void => {
    if (set) errs.push(forbidden(child(path, field), detail));
  };
  mustBe('type', Boolean(v.type), 'must be empty to be structural');
  if (v.additionalProperties !== undefined) errs.push(forbidden(child(path, 'additionalProperties'), 'must be undefined to be structural'));
  mustBe('default', v.default !== undefined, 'must be undefined to be structural');
  mustBe('title', Boolean(v.title), 'must be empty to be structural');
  mustBe('description', Boolean(v.description), 'must be empty to be structural');
  mustBe('nullable', Boolean(v.nullable), 'must be false to be structural');
  mustBe('externalDocs', v.externalDocs !== undefined, 'must be undefined to be structural');
  mustBe('x-kubernetes-preserve-unknown-fields', Boolean(v['x-kubernetes-preserve-unknown-fields']), 'must be false to be structural');
  mustBe('x-kubernetes-embedded-resource', Boolean(v['x-kubernetes-embedded-resource']), 'must be false to be structural');
  mustBe('x-kubernetes-int-or-string', Boolean(v['x-kubernetes-int-or-string']), 'must be false to be structural');
  mustBe('x-kubernetes-list-map-keys', (v['x-kubernetes-list-map-keys']?.length ?? 0) > 0, 'must be empty to be structural');
  mustBe('x-kubernetes-list-type', v['x-kubernetes-list-type'] !== undefined, 'must be undefined to be structural');
  mustBe('x-kubernetes-map-type', v['x-kubernetes-map-type'] !== undefined, 'must be undefined to be structural');
  mustBe('x-kubernetes-validations', (v['x-kubernetes-validations']?.length ?? 0) > 0, 'must be empty to be structural');
  if (v.properties?.metadata) errs.push(forbidden(key(child(path, 'properties'), 'metadata'), 'must not be specified in a nested context'));
}
