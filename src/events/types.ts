/**
 * The payload of each kind of event, by kind. A capability adds its kinds by augmenting this
 * interface (`declare module '../events/types.js' { interface EventPayloads { ... } }`), so
 * every reader of the log sees one discriminated union: job events now, tracker and node next.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventPayloads {}

export type EventKind = keyof EventPayloads & string;

/** One event as the log holds it. */
export interface StoredEventOf<K extends EventKind> {
  /** Grows with every append: readers keep the last one they handled as their cursor. */
  id: number;
  kind: K;
  /** The cluster it happened on, when it belongs to one. */
  cluster: string | undefined;
  /** What it is about, e.g. `job/hpc/4242`. */
  subject: string;
  payload: EventPayloads[K];
  /** When it was appended (ms since the epoch). */
  createdAt: number;
}

/** Any event: narrow on `kind` to get its payload's type. */
export type StoredEvent = { [K in EventKind]: StoredEventOf<K> }[EventKind];

export interface NewEvent<K extends EventKind> {
  kind: K;
  cluster?: string | undefined;
  subject: string;
  /** With kind and subject, makes it happen once: appended again, it is not stored again. */
  once?: string;
  payload: EventPayloads[K];
}
