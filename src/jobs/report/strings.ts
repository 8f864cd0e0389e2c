import type { Language } from '../../notify/index.js';
import type { JobOutcome } from '../types.js';

/** The words of a job's report in a notification, per language. */
export interface Strings {
  job: string;
  test: string;
  /** What follows a label: `: `, or the full-width `：` in Chinese. */
  colon: string;
  outcomes: Record<JobOutcome, string>;
  labels: {
    job: string;
    cluster: string;
    outcome: string;
    exit: string;
    elapsed: string;
    nodes: string;
    cpu: string;
    memory: string;
    log: string;
    hint: string;
    tail: string;
  };
  exitCode: (code: number) => string;
  signal: (signal: string) => string;
  cancelledBy: (who: string) => string;
  /** `1:00:00 of 4:00:00`. */
  of: (used: string, limit: string) => string;
  unlimited: string;
  testBody: (channel: string) => string;
}

const en: Strings = {
  job: 'job',
  test: '[test]',
  colon: ': ',
  outcomes: {
    COMPLETED: 'completed',
    FAILED: 'failed',
    OUT_OF_MEMORY: 'ran out of memory',
    TIMEOUT: 'hit its time limit',
    CANCELLED: 'was cancelled',
    NODE_FAIL: 'lost its node',
    PREEMPTED: 'was preempted',
    BOOT_FAIL: 'could not boot its node',
    DEADLINE: 'missed its deadline',
    REQUEUED: 'was requeued',
    UNKNOWN: 'ended (state unknown)',
  },
  labels: {
    job: 'Job',
    cluster: 'Cluster',
    outcome: 'Outcome',
    exit: 'Exit',
    elapsed: 'Elapsed',
    nodes: 'Nodes',
    cpu: 'CPU efficiency',
    memory: 'Memory',
    log: 'Log',
    hint: 'Hint',
    tail: 'Last log lines',
  },
  exitCode: (code) => `code ${code}`,
  signal: (signal) => `signal ${signal}`,
  cancelledBy: (who) => `cancelled by ${who}`,
  of: (used, limit) => `${used} of ${limit}`,
  unlimited: 'unlimited',
  testBody: (channel) =>
    `A test from slurmdeck through channel "${channel}": job-end reports will look like this.`,
};

const zh: Strings = {
  job: '作业',
  test: '[测试]',
  colon: '：',
  outcomes: {
    COMPLETED: '已完成',
    FAILED: '失败',
    OUT_OF_MEMORY: '内存不足',
    TIMEOUT: '超出时间限制',
    CANCELLED: '已取消',
    NODE_FAIL: '节点故障',
    PREEMPTED: '被抢占',
    BOOT_FAIL: '节点启动失败',
    DEADLINE: '错过截止时间',
    REQUEUED: '已重新排队',
    UNKNOWN: '已结束（状态未知）',
  },
  labels: {
    job: '作业',
    cluster: '集群',
    outcome: '结果',
    exit: '退出',
    elapsed: '运行时间',
    nodes: '节点',
    cpu: 'CPU 效率',
    memory: '内存',
    log: '日志',
    hint: '建议',
    tail: '日志末尾',
  },
  exitCode: (code) => `退出码 ${code}`,
  signal: (signal) => `信号 ${signal}`,
  cancelledBy: (who) => `由 ${who} 取消`,
  of: (used, limit) => `${used} / ${limit}`,
  unlimited: '不限',
  testBody: (channel) =>
    `这是 slurmdeck 通过通道 "${channel}" 发送的测试消息：作业结束通知将如下所示。`,
};

export function stringsFor(language: Language): Strings {
  return language === 'zh' ? zh : en;
}
