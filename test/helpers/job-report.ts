import { renderJobMessage } from '../../src/jobs/report/job-message.js';
import { testMessage } from '../../src/jobs/report/sample.js';
import type { JobReport } from '../../src/jobs/types.js';
import type { Language, NotifyMessage } from '../../src/notify/index.js';

/** A job that ran out of memory, with every field of the report set. */
export const failedReport: JobReport = {
  cluster: 'hpc',
  jobId: '4242',
  name: 'train',
  user: 'alice',
  outcome: 'OUT_OF_MEMORY',
  exitCode: 0,
  signal: 9,
  cancelledBy: undefined,
  elapsedSeconds: 3723,
  timeLimitSeconds: 14_400,
  nodes: 'gpu[01-02]',
  cpuEfficiency: 0.5,
  memoryEfficiency: 0.99,
  maxRssBytes: 15.9 * 2 ** 30,
  requestedMemoryBytes: 16 * 2 ** 30,
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T01:02:03Z',
  logPath: '/home/alice/slurm-4242.out',
  logTail: ['step 100 loss 0.3', 'Killed'],
  hint: 'Ask for more memory.',
};

/** A report as notifications carry it: put into words by jobs, as the watcher does. */
export function jobMessage(report: JobReport, language: Language = 'en'): NotifyMessage {
  return renderJobMessage(report, language);
}

/** `failedReport` as a notification. */
export const failedMessage: NotifyMessage = jobMessage(failedReport);

/** What `slurmdeck notify test` sends through `channel`. */
export const channelTestMessage = (channel: string): NotifyMessage => testMessage('en', channel);
