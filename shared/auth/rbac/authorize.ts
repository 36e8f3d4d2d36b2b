import type { PolicyRule } from 'kubernetes-types/rbac/v1';
import type { Attributes } from '../attributes';
import { SYSTEM_PRIVILEGED_GROUP, type UserInfo } from '../user-info';
import { ruleAllows } from './rule-allows';
import type { PolicySource } from './policy-source';
import { describeSource, visitRulesFor } from './visit-rules';

/** An authorizer's answer: allow, or no opinion (RBAC never denies), with upstream's reason text. */
export interface Decision {
  allowed: boolean;
  reason: string;
}

/**
 * RBAC's decision (upstream's RBACAuthorizer.Authorize): allowed by the first rule that matches,
 * with `RBAC: allowed by <source>`; otherwise no opinion, with the lookup errors met on the way.
 */
export function rbacAuthorize(policy: PolicySource, a: Attributes): Decision {
  let reason = '';
  const errors: string[] = [];
  let allowed = false;
  visitRulesFor(policy, a.user, a.namespace, (source, rule, error) => {
    if (rule && source && ruleAllows(a, rule)) {
      allowed = true;
      reason = `RBAC: allowed by ${describeSource(source)}`;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (allowed) return { allowed, reason };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}

/** utilerrors.NewAggregate's text: one error alone, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

/**
 * The API server's chain: members of system:masters are allowed everything (upstream puts a
 * privileged-group authorizer before RBAC, so they never lock themselves out), then RBAC.
 */
export function authorize(policy: PolicySource, a: Attributes): Decision {
  if (a.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return { allowed: true, reason: '' };
  return rbacAuthorize(policy, a);
}

/** Every rule that applies to `user` in `namespace`, and the errors met (upstream's RulesFor). */
export function rulesFor(policy: PolicySource, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(policy, user, namespace, (_s, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}
