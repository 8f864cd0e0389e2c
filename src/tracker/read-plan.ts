import type { Transport } from '../transport/index.js';
import { readRemote, type ReadAnswer, type ReadRequest } from './spool-remote-read.js';

/** One reader's part of a poll: what it asks, and what it makes of the answers. */
export interface ReadPlan<T> {
  requests: ReadRequest[];
  finish(answers: readonly ReadAnswer[]): T;
}

/** Collects requests with a handler each, into a plan whose result `make` builds. */
export function planReads<T>(make: () => T) {
  const requests: ReadRequest[] = [];
  const handlers: ((answer: ReadAnswer, out: T) => void)[] = [];
  return {
    ask(request: ReadRequest, handle: (answer: ReadAnswer, out: T) => void): void {
      requests.push(request);
      handlers.push(handle);
    },
    plan(): ReadPlan<T> {
      return {
        requests,
        finish(answers) {
          const out = make();
          answers.forEach((answer, index) => handlers[index]?.(answer, out));
          return out;
        },
      };
    },
  };
}

type Results<P extends readonly ReadPlan<unknown>[]> = {
  [I in keyof P]: P[I] extends ReadPlan<infer T> ? T : never;
};

/** Every plan's requests, in order: what one command on the login host answers. */
export function requestsOf(plans: readonly ReadPlan<unknown>[]): ReadRequest[] {
  return plans.flatMap((plan) => plan.requests);
}

/** Hands each plan its share of the answers to `requestsOf(plans)`. */
export function finishPlans<const P extends readonly ReadPlan<unknown>[]>(
  plans: P,
  answers: readonly ReadAnswer[],
): Results<P> {
  let start = 0;
  return plans.map((plan) => {
    const mine = answers.slice(start, start + plan.requests.length);
    start += plan.requests.length;
    return plan.finish(mine);
  }) as Results<P>;
}

/**
 * Several readers' plans in ONE command on the login host (the spool tailer, the event-file
 * tailer, the runner's records): a poll of a whole cluster is one round trip.
 */
export async function readPlans<const P extends readonly ReadPlan<unknown>[]>(
  transport: Transport,
  plans: P,
  timeoutMs = 60_000,
  signal?: AbortSignal,
): Promise<Results<P>> {
  return finishPlans(plans, await readRemote(transport, requestsOf(plans), timeoutMs, signal));
}
