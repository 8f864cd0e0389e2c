import { describe, expect, it } from 'vitest';
import { failedReport } from '../../../test/helpers/job-report.js';
import { markedTitle, plainBody } from '../../notify/index.js';
import { renderJobMessage } from './job-message.js';

describe('renderJobMessage', () => {
  it('puts the report into English', () => {
    const message = renderJobMessage(failedReport, 'en');
    expect(markedTitle(message)).toBe('❌ [hpc] job 4242 train ran out of memory');
    expect(message.severity).toBe('failure');
    expect(plainBody(message)).toBe(
      [
        'Job: 4242 train (alice)',
        'Cluster: hpc',
        'Outcome: ran out of memory (OUT_OF_MEMORY)',
        'Exit: code 0, signal 9 (SIGKILL)',
        'Elapsed: 1:02:03 of 4:00:00 (26%)',
        'Nodes: gpu[01-02]',
        'CPU efficiency: 50%',
        'Memory: 15.9G of 16.0G (99%)',
        'Log: /home/alice/slurm-4242.out',
        '',
        'Hint: Ask for more memory.',
        '',
        'Last log lines:',
        'step 100 loss 0.3',
        'Killed',
      ].join('\n'),
    );
  });

  it('puts the report into Chinese', () => {
    const message = renderJobMessage(failedReport, 'zh');
    expect(markedTitle(message)).toBe('❌ [hpc] 作业 4242 train 内存不足');
    const body = plainBody(message);
    expect(body).toContain('结果：内存不足 (OUT_OF_MEMORY)');
    expect(body).toContain('退出：退出码 0, 信号 9 (SIGKILL)');
    expect(body).toContain('运行时间：1:02:03 / 4:00:00 (26%)');
    expect(body).toContain('日志末尾：');
  });

  it('leaves out what is unknown and says who cancelled', () => {
    const message = renderJobMessage(
      {
        ...failedReport,
        outcome: 'CANCELLED',
        exitCode: undefined,
        signal: undefined,
        cancelledBy: 'bob',
        timeLimitSeconds: null,
        nodes: undefined,
        cpuEfficiency: undefined,
        memoryEfficiency: undefined,
        maxRssBytes: undefined,
        logTail: [],
        hint: undefined,
      },
      'en',
    );
    expect(markedTitle(message)).toBe('⚠️ [hpc] job 4242 train was cancelled');
    expect(plainBody(message)).toBe(
      [
        'Job: 4242 train (alice)',
        'Cluster: hpc',
        'Outcome: was cancelled (CANCELLED)',
        'Exit: cancelled by bob',
        'Elapsed: 1:02:03 of unlimited',
        'Log: /home/alice/slurm-4242.out',
      ].join('\n'),
    );
  });

  it('marks a test message and keeps long log lines short', () => {
    const message = renderJobMessage(
      { ...failedReport, outcome: 'COMPLETED', logTail: ['x'.repeat(500)] },
      'en',
      { testChannel: 'ops' },
    );
    expect(markedTitle(message)).toBe('✅ [test] [hpc] job 4242 train completed');
    expect(message.intro).toContain('"ops"');
    expect(message.tail?.lines[0]).toHaveLength(200);
  });
});
