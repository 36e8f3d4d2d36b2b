import { describe, expect, it } from 'vitest';
import { validateCreate, validateUpdate } from '../../../shared/validation';

const pc = (name: string, value: number, extra: Record<string, unknown> = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const messages = (o: object, old?: object) =>
  (old ? validateUpdate('scheduling.k8s.io', 'PriorityClass', o, old) : validateCreate('scheduling.k8s.io', 'PriorityClass', o)).map((c) => `${c.field}: ${c.message}`);

// rows from pkg/apis/scheduling/validation/validation_test.go
describe('PriorityClass validation', () => {
  it.each([pc('tier1', 100), pc('system-node-critical', 2000001000), pc('system-cluster-critical', 2000000000), pc('tier1', 1000000000, { preemptionPolicy: 'Never' })])('accepts %j', (o) => {
    expect(messages(o)).toEqual([]);
  });

  it.each([
    [pc('tier1', 1000000001), 'value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
    [pc('system-something', 100), "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-something is not a known system priority class"],
    [pc('system-node-critical', 100), "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000"],
    [pc('tier1', 1, { preemptionPolicy: 'Sometimes' }), 'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"'],
  ])('refuses %j', (o, message) => {
    expect(messages(o)).toEqual([message]);
  });

  it('keeps value immutable', () => {
    expect(messages(pc('tier1', 2), pc('tier1', 1))).toEqual(['value: Forbidden: may not be changed in an update.']);
  });
});
