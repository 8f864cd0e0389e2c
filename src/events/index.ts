export { createEventLog, type EventLog, type ReadOptions } from './event-log.js';
export { waitForEvents, type WaitOptions, type WaitOutcome } from './wait.js';
export type { EventKind, EventPayloads, NewEvent, StoredEvent, StoredEventOf } from './types.js';
