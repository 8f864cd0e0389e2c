import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signStandardWebhook } from '../core/standard-webhooks.js';
import { pushId, type JobEndPush } from './job-end-push.js';

export interface HookTarget {
  /** The watcher's push endpoint, e.g. http://login1:8765/job-end. */
  url?: string;
  /** Standard Webhooks secret (whsec_...) shared with the watcher. */
  secret?: string;
  /** A folder on shared storage the watcher reads, instead of (or besides) HTTP. */
  spoolDir?: string;
  timeoutMs?: number;
}

/**
 * Tells the watcher a job ended. Runs inside EpilogSlurmctld, so it is short, calls no Slurm
 * command and never throws: a slow or absent watcher must not hold up the controller.
 */
export async function sendJobEnd(push: JobEndPush, target: HookTarget): Promise<string[]> {
  const problems: string[] = [];
  const body = JSON.stringify(push);
  const id = pushId(push);
  if (target.spoolDir) {
    try {
      mkdirSync(target.spoolDir, { recursive: true });
      const file = join(target.spoolDir, `${id}.json`);
      writeFileSync(`${file}.${process.pid}.tmp`, body);
      renameSync(`${file}.${process.pid}.tmp`, file); // the watcher never sees half a file
    } catch (error) {
      problems.push(`spool: ${(error as Error).message}`);
    }
  }
  if (target.url) {
    try {
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
      };
      if (target.secret)
        headers['webhook-signature'] = signStandardWebhook(target.secret, id, timestamp, body);
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(target.timeoutMs ?? 2000),
      });
      if (!response.ok) problems.push(`http: ${response.status}`);
    } catch (error) {
      problems.push(`http: ${(error as Error).name}`);
    }
  }
  return problems;
}
