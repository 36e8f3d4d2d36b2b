// Classification (apf_controller.go match, rule.go): the first FlowSchema, in matchingPrecedence
// then name order, with a rule whose subjects include the user and whose resource or non-resource
// rules cover the request; its distinguisher method names the flow.
import type { NonResourcePolicyRule, PolicyRulesWithSubjects, ResourcePolicyRule, Subject } from 'kubernetes-types/flowcontrol/v1';
import type { RequestInfo } from '../auth/request-info';
import type { UserInfo } from '../auth/user-info';
import type { FlowSchema } from './types';

const SA_PREFIX = 'system:serviceaccount:';

const contains = (list: string[] | undefined, seek: string, all: string) => (list ?? []).some((x) => x === seek || x === all);

/** serviceaccount.MatchesUsername and serviceAccountMatchesNamespace (name `*`). */
function matchesServiceAccount(namespace: string, name: string, username: string): boolean {
  if (!username.startsWith(SA_PREFIX)) return false;
  const rest = username.slice(SA_PREFIX.length);
  if (name === '*') return rest.startsWith(namespace) && rest.slice(namespace.length).startsWith(':');
  return rest === `${namespace}:${name}`;
}

function matchesSubject(user: UserInfo, s: Subject): boolean {
  switch (s.kind) {
    case 'User':
      return !!s.user && (s.user.name === '*' || s.user.name === user.username);
    case 'Group':
      return !!s.group && (s.group.name === '*' || user.groups.includes(s.group.name));
    case 'ServiceAccount':
      return !!s.serviceAccount && matchesServiceAccount(s.serviceAccount.namespace, s.serviceAccount.name, user.username);
    default:
      return false;
  }
}

function matchesResource(rules: string[] | undefined, resource: string, subresource: string): boolean {
  const want = subresource ? `${resource}/${subresource}` : resource;
  return (rules ?? []).some((r) => r === '*' || r === want);
}

function matchesResourceRule(info: RequestInfo, r: ResourcePolicyRule): boolean {
  if (!contains(r.verbs, info.verb, '*')) return false;
  if (!matchesResource(r.resources, info.resource, info.subresource)) return false;
  if (!contains(r.apiGroups, info.apiGroup, '*')) return false;
  if (!info.namespace) return !!r.clusterScope;
  return contains(r.namespaces, info.namespace, '*');
}

/** A rule URL matches itself and, as a prefix (its `*` dropped, a `/` added), every path below it. */
function matchesNonResourceURL(urls: string[] | undefined, path: string): boolean {
  return (urls ?? []).some((u) => {
    if (u === '*' || u === path) return true;
    let prefix = u.endsWith('*') ? u.slice(0, -1) : u;
    if (!prefix.endsWith('/')) prefix += '/';
    return path.startsWith(prefix);
  });
}

function matchesNonResourceRule(info: RequestInfo, r: NonResourcePolicyRule): boolean {
  return contains(r.verbs, info.verb, '*') && matchesNonResourceURL(r.nonResourceURLs, info.path);
}

function matchesRule(user: UserInfo, info: RequestInfo, rule: PolicyRulesWithSubjects): boolean {
  if (!(rule.subjects ?? []).some((s) => matchesSubject(user, s))) return false;
  return info.isResourceRequest ? (rule.resourceRules ?? []).some((r) => matchesResourceRule(info, r)) : (rule.nonResourceRules ?? []).some((r) => matchesNonResourceRule(info, r));
}

/**
 * The schemas classification considers, in the order it tries them: those whose priority level
 * exists (a dangling schema is skipped), by matchingPrecedence then name.
 */
export function orderFlowSchemas(schemas: FlowSchema[], levels: ReadonlySet<string>): FlowSchema[] {
  return schemas
    .filter((fs) => levels.has(fs.spec?.priorityLevelConfiguration?.name ?? ''))
    .sort((a, b) => (a.spec?.matchingPrecedence ?? 1000) - (b.spec?.matchingPrecedence ?? 1000) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '', 'en'));
}

/** A request's classification: its schema and the flow distinguisher (user or namespace, or ''). */
export interface Classification {
  flowSchema: FlowSchema;
  distinguisher: string;
}

/**
 * The first schema (of `ordered`, see orderFlowSchemas) matching the request, or undefined.
 * @example classify(ordered, { username: 'alice', groups: ['system:authenticated'] }, info)?.flowSchema.metadata?.name // 'global-default'
 */
export function classify(ordered: FlowSchema[], user: UserInfo, info: RequestInfo): Classification | undefined {
  for (const fs of ordered) {
    if (!(fs.spec?.rules ?? []).some((r) => matchesRule(user, info, r))) continue;
    const method = fs.spec?.distinguisherMethod?.type;
    const distinguisher = method === 'ByUser' ? user.username : method === 'ByNamespace' ? info.namespace : '';
    return { flowSchema: fs, distinguisher };
  }
  return undefined;
}
