import type { StatusCause } from '../api/errors';
import type { ResourceDef } from '../api/registry';
import { isDNS1035Label, isDNS1123Subdomain } from '../validation/name-validators';
import { child, index, invalidValue, notSupported, required } from './field-errors';
import { namesConflicts } from './names-conflicts';
import { validateStructuralSchema } from './structural-schema';
import { validateCustomObject } from './validate-custom-object';
import type { CRD, CRDVersion, CustomResourceColumnDefinition, JSONSchemaProps } from './types';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

/**
 * Validates a v1 CustomResourceDefinition (after defaultCRD) as apiextensions does on create,
 * plus the name conflicts its naming controller would refuse, so a conflicting CRD is a 422
 * rather than a CRD that never becomes Established. `existing` are the other CRDs; `builtins`
 * the built-in kinds whose names are taken too.
 * @example validateCRD(crd, []) // [{ field: 'metadata.name', message: 'Invalid value: "x": must be spec.names.plural+"."+spec.group' }]
 */
export function validateCRD(crd: CRD, existing: readonly CRD[] = [], builtins: readonly ResourceDef[] = []): StatusCause[] {
  const errs: StatusCause[] = [];
  const spec = crd.spec ?? ({} as CRD['spec']);
  const names = spec.names ?? ({} as CRD['spec']['names']);
  const name = crd.metadata?.name ?? '';
  if (!name) errs.push(required('metadata.name', 'name or generateName is required'));
  else {
    const nameErrs = isDNS1123Subdomain(name);
    if (name !== `${names.plural}.${spec.group}`) nameErrs.push('must be spec.names.plural+"."+spec.group');
    for (const e of nameErrs) errs.push(invalidValue('metadata.name', name, e));
  }
  errs.push(...groupErrors(spec.group));
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  errs.push(...versionErrors(spec.versions ?? [], spec.preserveUnknownFields === true));
  for (const [f, v] of [['plural', names.plural], ['singular', names.singular], ['kind', names.kind], ['listKind', names.listKind]] as const) {
    if (!v) errs.push(required(`spec.names.${f}`));
  }
  errs.push(...nameSyntaxErrors(names));
  if (spec.conversion && spec.conversion.strategy !== 'None' && spec.conversion.strategy !== 'Webhook') {
    errs.push(notSupported('spec.conversion.strategy', spec.conversion.strategy, ['None', 'Webhook']));
  }
  if (isProtectedGroup(spec.group ?? '') && !crd.metadata?.annotations?.[APPROVAL_ANNOTATION]) {
    errs.push(required(`metadata.annotations[${APPROVAL_ANNOTATION}]`, `protected groups must have approval annotation "${APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`));
  }
  errs.push(...namesConflicts(crd, existing, builtins));
  return errs;
}

function groupErrors(group: string | undefined): StatusCause[] {
  if (!group) return [required('spec.group')];
  const errs = isDNS1123Subdomain(group);
  if (errs.length) return [invalidValue('spec.group', group, errs.join(','))];
  if (group.split('.').length < 2) return [invalidValue('spec.group', group, 'should be a domain with at least one dot')];
  return [];
}

function isProtectedGroup(group: string): boolean {
  return group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
}

function versionErrors(versions: readonly CRDVersion[], preserveUnknownFields: boolean): StatusCause[] {
  const errs: StatusCause[] = [];
  if (versions.length === 0) errs.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const at = index('spec.versions', i);
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const nameErrs = isDNS1035Label(v.name ?? '');
    if (nameErrs.length) errs.push(invalidValue(`${at}.name`, v.name ?? '', nameErrs.join(',')));
    if (!v.deprecated && v.deprecationWarning !== undefined) errs.push(invalidValue(`${at}.deprecationWarning`, v.deprecationWarning, 'can only be set for deprecated versions'));
    errs.push(...schemaErrors(v, at, preserveUnknownFields));
    errs.push(...subresourceErrors(v, `${at}.subresources`));
    (v.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...columnErrors(c, index(`${at}.additionalPrinterColumns`, j))));
  });
  if (versions.length > 0) {
    // upstream renders the whole versions slice as the bad value; its JSON is the readable equivalent
    if (!unique) errs.push(invalidValue('spec.versions', versions, 'must contain unique version names'));
    if (versions.filter((v) => v.storage).length !== 1) errs.push(invalidValue('spec.versions', versions, 'must have exactly one version marked as storage version'));
  }
  return errs;
}

function schemaErrors(v: CRDVersion, at: string, preserveUnknownFields: boolean): StatusCause[] {
  const path = `${at}.schema.openAPIV3Schema`;
  const schema = v.schema?.openAPIV3Schema;
  if (!schema) return preserveUnknownFields ? [] : [required(path, 'schemas are required')];
  const errs = validateStructuralSchema(schema, path);
  if (errs.length === 0) errs.push(...defaultErrors(schema, path));
  return errs;
}

/** structuraldefaulting.ValidateDefaults: every default must validate against its own schema. */
function defaultErrors(s: JSONSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (s.default !== undefined) {
    for (const e of validateCustomObject(s, s.default, `${path}.default`)) errs.push(e);
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) errs.push(...defaultErrors(p, `${path}.properties[${k}]`));
  if (s.items && !Array.isArray(s.items)) errs.push(...defaultErrors(s.items, `${path}.items`));
  if (typeof s.additionalProperties === 'object') errs.push(...defaultErrors(s.additionalProperties, `${path}.additionalProperties`));
  return errs;
}

function subresourceErrors(v: CRDVersion, at: string): StatusCause[] {
  const scale = v.subresources?.scale;
  if (!scale) return [];
  const errs: StatusCause[] = [];
  const check = (field: string, value: string | undefined, prefixes: string[], detail: string, optional = false): void => {
    const path = `${at}.scale.${field}`;
    if (!value) {
      if (!optional) errs.push(required(path));
      return;
    }
    const simple = simpleJsonPathError(value);
    if (simple) errs.push(invalidValue(path, value, simple));
    else if (!prefixes.some((p) => value.startsWith(p))) errs.push(invalidValue(path, value, detail));
  };
  check('specReplicasPath', scale.specReplicasPath, ['.spec.'], 'should be a json path under .spec');
  check('statusReplicasPath', scale.statusReplicasPath, ['.status.'], 'should be a json path under .status');
  check('labelSelectorPath', scale.labelSelectorPath, ['.spec.', '.status.'], 'should be a json path under either .spec or .status', true);
  return errs;
}

/** validateSimpleJSONPath: non-empty and starting with a dot. */
function simpleJsonPathError(s: string): string | undefined {
  if (s.length === 0) return 'must not be empty';
  if (s[0] !== '.') return 'must be a simple json path starting with .';
  return undefined;
}

function columnErrors(c: CustomResourceColumnDefinition, at: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (!c.name) errs.push(required(`${at}.name`));
  const types = `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`;
  if (!c.type) errs.push(required(`${at}.type`, types));
  else if (!PRINTER_COLUMN_TYPES.includes(c.type)) errs.push(invalidValue(`${at}.type`, c.type, types));
  if (c.format && !PRINTER_COLUMN_FORMATS.includes(c.format)) errs.push(invalidValue(`${at}.format`, c.format, `must be one of ${PRINTER_COLUMN_FORMATS.join(',')}`));
  if (!c.jsonPath) errs.push(required(`${at}.JSONPath`));
  else {
    const e = simpleJsonPathError(c.jsonPath);
    if (e) errs.push(invalidValue(`${at}.JSONPath`, c.jsonPath, e));
  }
  return errs;
}

function nameSyntaxErrors(names: CRD['spec']['names']): StatusCause[] {
  const errs: StatusCause[] = [];
  const label = (field: string, value: string | undefined, lower = false): void => {
    if (!value) return;
    const e = isDNS1035Label(lower ? value.toLowerCase() : value);
    if (e.length) errs.push(invalidValue(child('spec.names', field), value, (lower ? 'may have mixed case, but should otherwise match: ' : '') + e.join(',')));
  };
  label('plural', names.plural);
  label('singular', names.singular);
  label('kind', names.kind, true);
  label('listKind', names.listKind, true);
  (names.shortNames ?? []).forEach((s, i) => label(`shortNames[${i}]`, s));
  if (names.kind && names.kind === names.listKind) errs.push(invalidValue('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((s, i) => label(`categories[${i}]`, s));
  return errs;
}
