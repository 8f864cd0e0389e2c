import type { Transport } from '../../transport/index.js';
import {
  readRemote,
  requestLines,
  type ReadAnswer,
  type ReadRequest,
} from '../spool-remote-read.js';

// Answers read ahead are a snapshot: past this age the next poll reads afresh.
const MAX_AGE_MS = 10_000;

interface Ahead {
  key: string;
  startedAt: number;
  answers: Promise<ReadAnswer[] | undefined>;
}

/**
 * Reads a poll's requests, or takes the answers already read ahead for exactly the same
 * requests: while one poll of a backlog is stored, the next one's bytes are on their way.
 */
export class ReadAhead {
  readonly #transport: Transport;
  readonly #timeoutMs: number;
  #ahead: Ahead | undefined;

  constructor(transport: Transport, timeoutMs: number) {
    this.#transport = transport;
    this.#timeoutMs = timeoutMs;
  }

  async read(requests: readonly ReadRequest[], signal?: AbortSignal): Promise<ReadAnswer[]> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead?.key === requestLines(requests) && Date.now() - ahead.startedAt <= MAX_AGE_MS) {
      const answers = await ahead.answers;
      if (answers) return answers;
    }
    return readRemote(this.#transport, requests, this.#timeoutMs, signal);
  }

  /** Starts reading what the next poll is expected to ask; a read that fails is just not used. */
  start(requests: readonly ReadRequest[], signal?: AbortSignal): void {
    if (requests.length === 0) return;
    this.#ahead = {
      key: requestLines(requests),
      startedAt: Date.now(),
      answers: readRemote(this.#transport, requests, this.#timeoutMs, signal).catch(
        () => undefined,
      ),
    };
  }
}
