import { isSlurmdeckError } from '../core/errors.js';

/** What happened on one node: nothing to do, something changed, a failure, or (dry run) a plan. */
export type NodeOutcome = 'ok' | 'changed' | 'failed' | 'planned';

/** One result row per node, the same for every admin command and every face. */
export interface NodeRow<Detail> {
  node: string;
  outcome: NodeOutcome;
  /** One line: what was found or done, or why it failed. */
  summary: string;
  /** The typed error when the node could not be worked on at all (unreachable, refused). */
  error?: { code: string; message: string; hint?: string };
  detail?: Detail;
}

/** A row for a node the command could not work on, from whatever was thrown. */
export function failedRow<Detail>(node: string, reason: unknown): NodeRow<Detail> {
  if (isSlurmdeckError(reason)) {
    return {
      node,
      outcome: 'failed',
      summary: reason.message,
      error: {
        code: reason.code,
        message: reason.message,
        ...(reason.hint ? { hint: reason.hint } : {}),
      },
    };
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  return { node, outcome: 'failed', summary: message, error: { code: 'INTERNAL', message } };
}
