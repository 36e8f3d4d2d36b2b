import type { PolicyRule } from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../user-info';
import { SYSTEM_PRIVILEGED_GROUP } from '../user-info';
import { compactRules, compactString, covers, goQuotedList } from './covers';
import type { PolicySource } from './policy-source';
import { rulesFor } from './authorize';

/** Members of system:masters may grant anything (upstream's EscalationAllowed). */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_PRIVILEGED_GROUP);
}


/**
 * Why `user` may not grant `rules` in `namespace`, or undefined when the rules they hold there
 * cover them (upstream's ConfirmNoEscalation). The text goes after `<resource> "<name>" is forbidden: `.
 */
export function escalationError(policy: PolicySource, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const owner = rulesFor(policy, user, namespace);
  const result = covers(owner.rules, rules);
  if (result.covered) return undefined;
  const missing = [...new Set(compactRules(result.uncovered).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.username)} (groups=${goQuotedList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.join('\n')}`;
  if (owner.errors.length) msg += `; resolution errors: [${owner.errors.join(' ')}]`;
  return msg;
}
