import { signal } from '@preact/signals';

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

/** Pending reasons in plain words; Slurm's own word is shown beside them. */
const reasons: Record<string, [string, string]> = {
  Priority: ['other jobs are ahead in the queue', '队列中有优先级更高的作业'],
  Resources: ['waiting for nodes to free up', '等待资源空闲'],
  Dependency: ['waiting for another job to finish', '等待依赖的作业完成'],
  DependencyNeverSatisfied: [
    'its dependency failed: it will never start',
    '依赖的作业失败，不会再启动',
  ],
  QOSMaxGRESPerUser: ['you are at your GPU limit', '已达到您的 GPU 上限'],
  QOSMaxJobsPerUserLimit: ['you are at your job limit', '已达到您的作业数上限'],
  AssocGrpGRES: ['your group is at its GPU limit', '所在组已达到 GPU 上限'],
  ReqNodeNotAvail: ['a requested node is unavailable', '所需节点不可用'],
  PartitionTimeLimit: ['time limit is above the partition maximum', '时限超过分区上限'],
  BeginTime: ['scheduled to start later', '设定了稍后开始'],
  JobHeldUser: ['held by you (scontrol release)', '被您挂起（scontrol release）'],
  JobHeldAdmin: ['held by an administrator', '被管理员挂起'],
};

export function plainReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  const words = reasons[reason.replace(/^\(|\)$/g, '').split(/[ ,(]/)[0] ?? ''];
  if (!words) return reason;
  return `${lang.value === 'zh' ? words[1] : words[0]} (${reason})`;
}
