import { describe, expect, it } from 'vitest';
import { invalid, notFound, CauseType } from '../../shared/api/errors';

describe('ApiError', () => {
  it('renders NotFound as upstream words it', () => {
    expect(notFound('deployments', 'apps', 'x').toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "x" not found',
      reason: 'NotFound',
      details: { name: 'x', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  it('lists several invalid fields in brackets', () => {
    const e = invalid('Pod', '', 'p', [
      { reason: CauseType.Required, message: 'Required value', field: 'spec.containers' },
      { reason: CauseType.Invalid, message: 'Invalid value: "A"', field: 'metadata.name' },
    ]);
    expect(e.code).toBe(422);
    expect(e.message).toBe('Pod "p" is invalid: [spec.containers: Required value, metadata.name: Invalid value: "A"]');
  });
});
