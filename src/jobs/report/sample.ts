import type { Language, NotifyMessage } from '../../notify/index.js';
import type { JobReport } from '../types.js';
import { renderJobMessage } from './job-message.js';

/** A report that shows every field, sent by `slurmdeck notify test`. */
export function sampleReport(language: Language, cluster = 'example'): JobReport {
  return {
    cluster,
    jobId: '12345',
    name: 'train-resnet',
    user: undefined,
    outcome: 'OUT_OF_MEMORY',
    exitCode: 0,
    signal: 9,
    cancelledBy: undefined,
    elapsedSeconds: 5025,
    timeLimitSeconds: 14_400,
    nodes: 'gpu01',
    cpuEfficiency: 0.82,
    memoryEfficiency: 1,
    maxRssBytes: 16 * 2 ** 30,
    requestedMemoryBytes: 16 * 2 ** 30,
    startedAt: undefined,
    endedAt: undefined,
    logPath: '/home/user/slurm-12345.out',
    logTail: ['epoch 3/10 loss=0.412', 'slurmstepd: error: Detected 1 oom_kill event'],
    hint:
      language === 'zh'
        ? '申请更多内存（--mem），或减小 batch size。'
        : 'Ask for more memory (--mem) or lower the batch size.',
  };
}

/** The test message of `channel`: a sample job report, marked as a test, so people see the layout. */
export function testMessage(language: Language, channel: string): NotifyMessage {
  return renderJobMessage(sampleReport(language), language, { testChannel: channel });
}
