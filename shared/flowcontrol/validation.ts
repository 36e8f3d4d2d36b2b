// Port of pkg/apis/flowcontrol/validation/validation.go (v1): field paths and messages as upstream's.
import type { FlowSchemaSpec, LimitResponse, LimitedPriorityLevelConfiguration, NonResourcePolicyRule, PolicyRulesWithSubjects, PriorityLevelConfigurationSpec, QueuingConfiguration, ResourcePolicyRule, Subject } from 'kubernetes-types/flowcontrol/v1';
import type { StatusCause } from '../api/errors';
import { child, deepEqual, duplicate, forbidden, index, invalid, notSupported, required, type FieldPath } from '../validation/field-error';
import { isDNS1123Label, isDNS1123Subdomain } from '../validation/name-validators';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta';
import { mandatoryFlowSchemas, mandatoryPriorityLevels } from './bootstrap-objects';
import { requiredEntropyBits, MAX_HASH_BITS } from './shuffle-sharding';
import { EXEMPT, MAX_MATCHING_PRECEDENCE } from './types';

type Obj = Record<string, unknown>;

const SUPPORTED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const MAX_QUEUES = 10_000_000;
const NS_ERR_INTRO = "each member of this list must be '*' or a DNS-1123 label; ";
const dnsName = (name: string) => isDNS1123Subdomain(name);

const hasWildcard = (xs: string[] | undefined) => (xs ?? []).includes('*');

function validateVerbs(verbs: string[] | undefined, path: FieldPath): StatusCause[] {
  const p = child(path, 'verbs');
  if (!verbs?.length) return [required(p, 'verbs must contain at least one value')];
  if (hasWildcard(verbs)) return verbs.length > 1 ? [invalid(p, verbs, "if '*' is present, must not specify other verbs")] : [];
  return verbs.every((v) => SUPPORTED_VERBS.includes(v)) ? [] : [notSupported(p, verbs, SUPPORTED_VERBS)];
}

/** ValidateNonResourceURLPath: leading slash, no spaces or `//`, `*` only as a `/*` suffix. */
function validateNonResourceURL(url: string, path: FieldPath): StatusCause[] {
  if (!url) return [invalid(path, url, 'must not be empty')];
  if (url === '/') return [];
  if (!url.startsWith('/')) return [invalid(path, url, 'must start with slash')];
  if (url.includes(' ')) return [invalid(path, url, 'must not contain white-space')];
  if (url.includes('//')) return [invalid(path, url, 'must not contain double slash')];
  const stars = url.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !url.endsWith('/*'))) return [invalid(path, url, 'wildcard can only do suffix matching')];
  return [];
}

function validateNonResourceRule(rule: NonResourcePolicyRule, path: FieldPath): StatusCause[] {
  const errs = validateVerbs(rule.verbs, path);
  const p = child(path, 'nonResourceURLs');
  const urls = rule.nonResourceURLs;
  if (!urls?.length) errs.push(required(p, 'nonResourceURLs must contain at least one value'));
  else if (hasWildcard(urls)) {
    if (urls.length > 1) errs.push(invalid(p, urls, "if '*' is present, must not specify other non-resource URLs"));
  } else urls.forEach((u, i) => errs.push(...validateNonResourceURL(u, index(p, i))));
  return errs;
}

function validateResourceRule(rule: ResourcePolicyRule, path: FieldPath): StatusCause[] {
  const errs = validateVerbs(rule.verbs, path);
  const groups = rule.apiGroups ?? [];
  if (!groups.length) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  else if (groups.length > 1 && hasWildcard(groups)) errs.push(invalid(child(path, 'apiGroups'), groups, "if '*' is present, must not specify other api groups"));
  const resources = rule.resources ?? [];
  if (!resources.length) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  else if (resources.length > 1 && hasWildcard(resources)) errs.push(invalid(child(path, 'resources'), resources, "if '*' is present, must not specify other resources"));
  const namespaces = rule.namespaces ?? [];
  const np = child(path, 'namespaces');
  if (!namespaces.length && !rule.clusterScope) errs.push(required(np, 'resource rules that are not cluster scoped must supply at least one namespace'));
  else if (hasWildcard(namespaces)) {
    if (namespaces.length > 1) errs.push(invalid(np, namespaces, "if '*' is present, must not specify other namespaces"));
  } else namespaces.forEach((ns, i) => isDNS1123Label(ns).forEach((msg) => errs.push(invalid(index(np, i), ns, NS_ERR_INTRO + msg))));
  return errs;
}

function validateSubject(s: Subject, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const forbid = (field: 'user' | 'group' | 'serviceAccount', kind: string) => {
    if (s[field] != null) errs.push(forbidden(child(path, field), `${field} is forbidden when subject kind is not '${kind}'`));
  };
  switch (s.kind) {
    case 'ServiceAccount': {
      const sa = s.serviceAccount;
      const p = child(path, 'serviceAccount');
      if (!sa) errs.push(required(p, "serviceAccount is required when subject kind is 'ServiceAccount'"));
      else {
        if (!sa.name) errs.push(required(child(p, 'name')));
        else if (sa.name !== '*') isDNS1123Subdomain(sa.name).forEach((m) => errs.push(invalid(child(p, 'name'), sa.name, m)));
        if (!sa.namespace) errs.push(required(child(p, 'namespace'), 'must specify namespace for service account'));
        else isDNS1123Label(sa.namespace).forEach((m) => errs.push(invalid(child(p, 'namespace'), sa.namespace, m)));
      }
      forbid('user', 'User');
      forbid('group', 'Group');
      break;
    }
    case 'User':
      if (!s.user) errs.push(required(child(path, 'user'), "user is required when subject kind is 'User'"));
      else if (!s.user.name) errs.push(required(child(path, 'user', 'name')));
      forbid('serviceAccount', 'ServiceAccount');
      forbid('group', 'Group');
      break;
    case 'Group':
      if (!s.group) errs.push(required(child(path, 'group'), "group is required when subject kind is 'Group'"));
      else if (!s.group.name) errs.push(required(child(path, 'group', 'name')));
      forbid('serviceAccount', 'ServiceAccount');
      forbid('user', 'User');
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), s.kind ?? '', ['Group', 'ServiceAccount', 'User']));
  }
  return errs;
}

function validateRule(rule: PolicyRulesWithSubjects, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  if (rule.subjects?.length) rule.subjects.forEach((s, i) => errs.push(...validateSubject(s, index(child(path, 'subjects'), i))));
  else errs.push(required(child(path, 'subjects'), 'subjects must contain at least one value'));
  if (!rule.resourceRules?.length && !rule.nonResourceRules?.length) errs.push(required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  (rule.resourceRules ?? []).forEach((r, i) => errs.push(...validateResourceRule(r, index(child(path, 'resourceRules'), i))));
  (rule.nonResourceRules ?? []).forEach((r, i) => errs.push(...validateNonResourceRule(r, index(child(path, 'nonResourceRules'), i))));
  return errs;
}

function validateFlowSchemaSpec(name: string, spec: Partial<FlowSchemaSpec>): StatusCause[] {
  const errs: StatusCause[] = [];
  const mp = spec.matchingPrecedence ?? 0;
  if (mp <= 0) errs.push(invalid('spec.matchingPrecedence', mp, 'must be a positive value'));
  if (mp > MAX_MATCHING_PRECEDENCE) errs.push(invalid('spec.matchingPrecedence', mp, `must not be greater than ${MAX_MATCHING_PRECEDENCE}`));
  if (mp === 1 && name !== EXEMPT) errs.push(invalid('spec.matchingPrecedence', mp, "only the schema named 'exempt' may have matchingPrecedence 1"));
  if (spec.distinguisherMethod && !['ByNamespace', 'ByUser'].includes(spec.distinguisherMethod.type)) {
    errs.push(notSupported('spec.distinguisherMethod.type', spec.distinguisherMethod.type, ['ByNamespace', 'ByUser']));
  }
  const pl = spec.priorityLevelConfiguration?.name ?? '';
  if (pl) dnsName(pl).forEach((m) => errs.push(invalid('spec.priorityLevelConfiguration.name', pl, m)));
  else errs.push(required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  (spec.rules ?? []).forEach((r, i) => errs.push(...validateRule(r, index('spec.rules', i))));
  return errs;
}

function validateConditions(status: unknown): StatusCause[] {
  const conditions = ((status as { conditions?: { type?: string }[] } | undefined)?.conditions ?? []) as { type?: string }[];
  const seen = new Set<string>();
  const errs: StatusCause[] = [];
  conditions.forEach((c, i) => {
    const p = index('status.conditions', i);
    if (seen.has(c.type ?? '')) errs.push(duplicate(child(p, 'type'), c.type ?? ''));
    seen.add(c.type ?? '');
    if (!c.type) errs.push(required(child(p, 'type'), 'must not be empty'));
  });
  return errs;
}

/** ValidateFlowSchema (create; update validates the same plus metadata immutability). */
export function validateFlowSchema(o: Obj): StatusCause[] {
  const name = ((o['metadata'] as { name?: string } | undefined)?.name ?? '') as string;
  const spec = (o['spec'] ?? {}) as Partial<FlowSchemaSpec>;
  const errs = [...validateObjectMeta(o['metadata'] as never, false, dnsName), ...validateFlowSchemaSpec(name, spec)];
  const mandatory = mandatoryFlowSchemas().find((m) => m.metadata?.name === name);
  if (mandatory && !deepEqual(spec, mandatory.spec)) errs.push(invalid('spec', spec, `spec of '${name}' must equal the fixed value`));
  return [...errs, ...validateConditions(o['status'])];
}

function validateLimitResponse(lr: Partial<LimitResponse> | undefined, path: FieldPath): StatusCause[] {
  const r = lr ?? {};
  switch (r.type) {
    case 'Reject':
      return r.queuing ? [forbidden(child(path, 'queuing'), 'must be nil if limited.limitResponse.type is not Limited')] : [];
    case 'Queue':
      return r.queuing ? validateQueuing(r.queuing, child(path, 'queuing')) : [required(child(path, 'queuing'), 'must not be empty if limited.limitResponse.type is Limited')];
    default:
      return [notSupported(child(path, 'type'), r.type ?? '', ['Queue', 'Reject'])];
  }
}

function validateQueuing(q: QueuingConfiguration, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const queues = q.queues ?? 0;
  const handSize = q.handSize ?? 0;
  const limit = q.queueLengthLimit ?? 0;
  if (limit <= 0) errs.push(invalid(child(path, 'queueLengthLimit'), limit, 'must be positive'));
  if (queues <= 0) errs.push(invalid(child(path, 'queues'), queues, 'must be positive'));
  else if (queues > MAX_QUEUES) errs.push(invalid(child(path, 'queues'), queues, `must not be greater than ${MAX_QUEUES}`));
  if (handSize <= 0) errs.push(invalid(child(path, 'handSize'), handSize, 'must be positive'));
  else if (handSize > queues) errs.push(invalid(child(path, 'handSize'), handSize, `should not be greater than queues (${queues})`));
  else if (requiredEntropyBits(queues, handSize) > MAX_HASH_BITS) {
    errs.push(invalid(child(path, 'handSize'), handSize, `required entropy bits of deckSize ${queues} and handSize ${handSize} should not be greater than ${MAX_HASH_BITS}`));
  }
  return errs;
}

function validatePercent(v: number | undefined, path: FieldPath): StatusCause[] {
  return v !== undefined && (v < 0 || v > 100) ? [invalid(path, v, 'must be between 0 and 100, inclusive')] : [];
}

function validateLimited(l: LimitedPriorityLevelConfiguration, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const ncs = l.nominalConcurrencyShares ?? 0;
  if (ncs < 0) errs.push(invalid(child(path, 'nominalConcurrencyShares'), ncs, 'must be a non-negative integer'));
  errs.push(...validateLimitResponse(l.limitResponse, child(path, 'limitResponse')));
  errs.push(...validatePercent(l.lendablePercent, child(path, 'lendablePercent')));
  if (l.borrowingLimitPercent !== undefined && l.borrowingLimitPercent < 0) {
    errs.push(invalid(child(path, 'borrowingLimitPercent'), l.borrowingLimitPercent, 'if specified, must be a non-negative integer'));
  }
  return errs;
}

function validatePriorityLevelSpec(spec: Partial<PriorityLevelConfigurationSpec>, name: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if ((name === EXEMPT) !== (spec.type === 'Exempt')) errs.push(invalid('spec.type', spec.type ?? '', "type must be 'Exempt' if and only if name is 'exempt'"));
  switch (spec.type) {
    case 'Exempt':
      if (spec.limited) errs.push(forbidden('spec.limited', 'must be nil if the type is not Limited'));
      if (spec.exempt) {
        const ncs = spec.exempt.nominalConcurrencyShares;
        if (ncs !== undefined && ncs < 0) errs.push(invalid('spec.exempt.nominalConcurrencyShares', ncs, 'must be a non-negative integer'));
        errs.push(...validatePercent(spec.exempt.lendablePercent, 'spec.exempt.lendablePercent'));
      }
      break;
    case 'Limited':
      if (spec.exempt) errs.push(forbidden('spec.exempt', 'must be nil if the type is Limited'));
      if (!spec.limited) errs.push(required('spec.limited', 'must not be empty when type is Limited'));
      else errs.push(...validateLimited(spec.limited, 'spec.limited'));
      break;
    default:
      errs.push(notSupported('spec.type', spec.type ?? '', ['Exempt', 'Limited']));
  }
  return errs;
}

/** ValidatePriorityLevelConfiguration; a mandatory level's spec is fixed except `spec.exempt`. */
export function validatePriorityLevelConfiguration(o: Obj): StatusCause[] {
  const name = ((o['metadata'] as { name?: string } | undefined)?.name ?? '') as string;
  const spec = (o['spec'] ?? {}) as Partial<PriorityLevelConfigurationSpec>;
  const errs = [...validateObjectMeta(o['metadata'] as never, false, dnsName), ...validatePriorityLevelSpec(spec, name)];
  const mandatory = mandatoryPriorityLevels().find((m) => m.metadata?.name === name);
  if (mandatory) {
    const { exempt: _a, ...mine } = spec;
    const { exempt: _b, ...fixed } = mandatory.spec ?? {};
    if (!deepEqual(mine, fixed)) errs.push(invalid('spec', spec, `spec of '${name}' except the 'spec.exempt' field must equal the fixed value`));
  }
  return [...errs, ...validateConditions(o['status'])];
}

const withMetaUpdate = (validate: (o: Obj) => StatusCause[]) => (o: Obj, old: Obj) => [...validate(o), ...validateObjectMetaUpdate(o['metadata'] as never, old['metadata'] as never)];
export const validateFlowSchemaUpdate = withMetaUpdate(validateFlowSchema);
export const validatePriorityLevelConfigurationUpdate = withMetaUpdate(validatePriorityLevelConfiguration);
