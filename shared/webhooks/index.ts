export * from './webhook-trigger';
export * from './payload-template';
export * from './verify-signature';
export * from './hmac';
export * from './delivery-claim';
export * from './plan-actions';
export * from './validate-webhook-trigger';
export * from './delivery-status';
