// Upstream's APF configuration producer (pkg/registry/flowcontrol/ensurer): at every start the
// bootstrap objects are created when missing; mandatory ones always get their spec back, suggested
// ones only while their auto-update annotation says so (or, without a readable annotation, while
// generation is 1, i.e. nobody edited them); suggested objects no longer in the bootstrap set that
// carry the annotation set to true are deleted.
import { deepEqual } from '../validation/field-error';
import { mandatoryFlowSchemas, mandatoryPriorityLevels, suggestedFlowSchemas, suggestedPriorityLevels } from './bootstrap-objects';
import { AUTO_UPDATE_ANNOTATION, type FlowSchema, type PriorityLevelConfiguration } from './types';

type ConfigObject = FlowSchema | PriorityLevelConfiguration;
type Kind = 'FlowSchema' | 'PriorityLevelConfiguration';

/** One write the producer wants. */
export type ConfigAction =
  | { op: 'create'; kind: Kind; object: ConfigObject }
  | { op: 'update'; kind: Kind; object: ConfigObject }
  | { op: 'delete'; kind: Kind; name: string };

/** Go's strconv.ParseBool, or undefined when the text is not a boolean. */
function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** shouldUpdateSpec: the annotation decides; without a readable one, an unedited object (generation 1) may be updated. */
function autoUpdates(o: ConfigObject): boolean {
  const v = parseBool(o.metadata?.annotations?.[AUTO_UPDATE_ANNOTATION]);
  return v ?? o.metadata?.generation === 1;
}

/**
 * The spec the producer compares and copies. The mandatory exempt level's `spec.exempt` belongs to
 * the operator (its doc: "can be modified by authorized users, unlike the rest of the spec").
 */
function specOf(o: ConfigObject, mandatory: boolean): unknown {
  if (!mandatory || o.kind !== 'PriorityLevelConfiguration') return o.spec;
  const { exempt: _exempt, ...rest } = (o as PriorityLevelConfiguration).spec ?? {};
  return rest;
}

function ensure(kind: Kind, current: Map<string, ConfigObject>, bootstrap: ConfigObject, mandatory: boolean): ConfigAction | undefined {
  const name = bootstrap.metadata!.name!;
  const have = current.get(name);
  if (!have) return { op: 'create', kind, object: structuredClone(bootstrap) };
  const autoUpdate = mandatory || autoUpdates(have);
  const annotation = parseBool(have.metadata?.annotations?.[AUTO_UPDATE_ANNOTATION]);
  const updateAnnotation = annotation !== autoUpdate;
  const specChanged = autoUpdate && !deepEqual(specOf(have, mandatory), specOf(bootstrap, mandatory));
  if (!updateAnnotation && !specChanged) return undefined;
  const next = structuredClone(have) as ConfigObject;
  next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [AUTO_UPDATE_ANNOTATION]: String(autoUpdate) } };
  if (specChanged) {
    const spec = structuredClone(bootstrap.spec) as unknown as Record<string, unknown>;
    const keepExempt = mandatory && kind === 'PriorityLevelConfiguration' && (have as PriorityLevelConfiguration).spec?.exempt;
    if (keepExempt) spec['exempt'] = keepExempt;
    (next as { spec: unknown }).spec = spec;
  }
  return { op: 'update', kind, object: next };
}

function removals(kind: Kind, current: ConfigObject[], bootstrapNames: Set<string>): ConfigAction[] {
  return current
    .filter((o) => !bootstrapNames.has(o.metadata?.name ?? ''))
    .filter((o) => parseBool(o.metadata?.annotations?.[AUTO_UPDATE_ANNOTATION]) === true)
    .map((o) => ({ op: 'delete', kind, name: o.metadata!.name! }));
}

/**
 * What the configuration producer writes, given the objects stored now: levels first (so that
 * schemas never reference a level about to appear), then schemas.
 * @example configProducerActions([], []).filter((a) => a.op === 'create').length // 8 levels + 13 schemas
 */
export function configProducerActions(schemas: FlowSchema[], levels: PriorityLevelConfiguration[]): ConfigAction[] {
  const byName = <T extends ConfigObject>(xs: T[]) => new Map<string, ConfigObject>(xs.map((x) => [x.metadata?.name ?? '', x]));
  const pls = byName(levels);
  const fss = byName(schemas);
  const actions: (ConfigAction | undefined)[] = [
    ...mandatoryPriorityLevels().map((b) => ensure('PriorityLevelConfiguration', pls, b, true)),
    ...suggestedPriorityLevels().map((b) => ensure('PriorityLevelConfiguration', pls, b, false)),
    ...mandatoryFlowSchemas().map((b) => ensure('FlowSchema', fss, b, true)),
    ...suggestedFlowSchemas().map((b) => ensure('FlowSchema', fss, b, false)),
  ];
  const plNames = new Set([...mandatoryPriorityLevels(), ...suggestedPriorityLevels()].map((o) => o.metadata!.name!));
  const fsNames = new Set([...mandatoryFlowSchemas(), ...suggestedFlowSchemas()].map((o) => o.metadata!.name!));
  return [...actions.filter((a): a is ConfigAction => !!a), ...removals('FlowSchema', schemas, fsNames), ...removals('PriorityLevelConfiguration', levels, plNames)];
}
