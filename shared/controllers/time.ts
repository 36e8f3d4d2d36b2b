/**
 * The controllers' names for metav1.Time's wire format; the one implementation is
 * shared/nodes/time-format.ts (RFC 3339 with whole seconds, `2024-05-01T10:00:00Z`).
 */
export { rfc3339 as formatTime, parseTime } from '../nodes/time-format';
