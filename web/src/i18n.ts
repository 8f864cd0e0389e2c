import { signal } from '@preact/signals';
import type { JobView } from '../../src/server/schemas.js';

export type Lang = 'en' | 'zh';

const en = {
  cluster: 'Cluster',
  queue: 'Queue',
  partitions: 'Partitions',
  partition: 'Partition',
  state: 'State',
  nodes: 'Nodes',
  freeCpus: 'Free CPUs',
  freeGpus: 'Free GPUs',
  gpuTypes: 'GPUs by type (free/total)',
  maxTime: 'Max time',
  nodeGrid: 'Nodes',
  attention: 'Nodes that need attention',
  allHealthy: 'All nodes are healthy.',
  reason: 'Reason',
  notResponding: 'not responding',
  loading: 'Loading…',
  signIn: 'Not signed in. Open the login link that `slurmdeck serve` printed in its terminal.',
  error: 'Error',
  mine: 'Mine',
  all: 'All users',
  anyState: 'Any active state',
  job: 'Job',
  name: 'Name',
  user: 'User',
  time: 'Time',
  limit: 'Limit',
  gpus: 'GPUs',
  where: 'Nodes / why waiting',
  noJobs: 'No jobs.',
  updated: 'updated',
  live: 'live',
  offline: 'reconnecting',
  theme: 'Theme',
  language: '中文',
  none: '–',
  submit: 'Submit',
  submitted: 'Submitted',
  started: 'Started',
  requeued: 'Requeued',
  finished: 'Finished',
  timeline: 'Timeline',
  endReport: 'End report',
  outcome: 'Outcome',
  exitCode: 'Exit code',
  signal: 'Signal',
  elapsed: 'Ran for',
  hint: 'Hint',
  jobNotFound: 'No such job on this cluster.',
  cancelJob: 'Cancel job',
  confirmCancel: 'Cancel this job?',
  back: 'Back',
  cpus: 'CPUs',
  memory: 'Memory',
  workDir: 'Working directory',
  command: 'Command',
  log: 'Log',
  logMissing: 'Log not available.',
  logWaiting: 'The log starts when the job does.',
  logEmpty: '(no output yet)',
  defaultPartition: 'Cluster default',
  gpusHint: 'e.g. 2 or a100:2',
  memHint: 'e.g. 16G',
  timeHint: 'e.g. 30, 4:00:00, 2-00:00:00',
  what: 'What to run',
  wrap: 'Command line',
  scriptText: 'Batch script',
  dryRun: 'Dry run',
  wouldStart: 'Would start',
  confirmSubmit: 'Submit this job?',
};

const zh: typeof en = {
  cluster: '集群',
  queue: '队列',
  partitions: '分区',
  partition: '分区',
  state: '状态',
  nodes: '节点',
  freeCpus: '空闲 CPU',
  freeGpus: '空闲 GPU',
  gpuTypes: '各型号 GPU（空闲/总数）',
  maxTime: '最长时间',
  nodeGrid: '节点',
  attention: '需要处理的节点',
  allHealthy: '所有节点正常。',
  reason: '原因',
  notResponding: '无响应',
  loading: '加载中…',
  signIn: '尚未登录。请打开 `slurmdeck serve` 在终端打印的登录链接。',
  error: '错误',
  mine: '我的',
  all: '所有用户',
  anyState: '所有活动状态',
  job: '作业',
  name: '名称',
  user: '用户',
  time: '已运行',
  limit: '时限',
  gpus: 'GPU',
  where: '节点 / 等待原因',
  noJobs: '没有作业。',
  updated: '更新于',
  live: '实时',
  offline: '重新连接中',
  theme: '主题',
  language: 'English',
  none: '–',
  submit: '提交',
  submitted: '已提交',
  started: '已开始',
  requeued: '已重新排队',
  finished: '已结束',
  timeline: '时间线',
  endReport: '结束报告',
  outcome: '结果',
  exitCode: '退出码',
  signal: '信号',
  elapsed: '运行时长',
  hint: '建议',
  jobNotFound: '此集群上没有这个作业。',
  cancelJob: '取消作业',
  confirmCancel: '取消这个作业？',
  back: '返回',
  cpus: 'CPU',
  memory: '内存',
  workDir: '工作目录',
  command: '命令',
  log: '日志',
  logMissing: '日志不可用。',
  logWaiting: '作业开始运行后才有日志。',
  logEmpty: '（尚无输出）',
  defaultPartition: '集群默认',
  gpusHint: '例如 2 或 a100:2',
  memHint: '例如 16G',
  timeHint: '例如 30、4:00:00、2-00:00:00',
  what: '运行内容',
  wrap: '命令行',
  scriptText: '批处理脚本',
  dryRun: '试运行',
  wouldStart: '预计开始',
  confirmSubmit: '提交这个作业？',
};

export type Key = keyof typeof en;

function initial(): Lang {
  const saved = localStorage.getItem('slurmdeck.lang');
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const lang = signal<Lang>(initial());

export function setLang(next: Lang): void {
  lang.value = next;
  localStorage.setItem('slurmdeck.lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

export function t(key: Key): string {
  return (lang.value === 'zh' ? zh : en)[key];
}

/** A pending job's reason in the reader's language, Slurm's own code beside it. */
export function plainReason(job: JobView): string | undefined {
  const why = job.pendingReason;
  if (!why) return job.reason;
  return `${lang.value === 'zh' ? why.zh : why.en} (${why.code})`;
}
