export { Lru, type LruBacking, type LruEntry } from './lru';
export { eventKey, spamKey, aggregateKeys } from './event-keys';
export {
  CORRELATION,
  AGGREGATE_MESSAGE_PREFIX,
  newCorrelatorState,
  correlateEvent,
  updateCorrelatorState,
  aggregateStep,
  takeToken,
  observeEvent,
  combinedEvent,
  type CorrelatorState,
  type CorrelatorBacking,
  type Correlation,
  type EventPatch,
} from './event-correlator';
export { planEventWrites, recordedAt, type RecordedEvent, type EventWrite } from './event-writes';
export { EventRecorder, type EventSink } from './event-recorder';
export { clientEventSink, storeEventSink } from './event-sinks';
