/** What a person can do about why a job waits. */
export type ReasonAction = 'wait' | 'change-request' | 'ask-admin' | 'act';

export interface ReasonExplained {
  /** Slurm's code, e.g. `Resources`, `QOSMaxGRESPerUser`. */
  code: string;
  action: ReasonAction;
  en: string;
  zh: string;
}

type Entry = Omit<ReasonExplained, 'code'>;

const EXACT: Record<string, Entry> = {
  None: { action: 'wait', en: 'Not looked at by the scheduler yet.', zh: '调度器尚未处理该作业。' },
  Resources: {
    action: 'wait',
    en: 'Waiting for the CPUs, GPUs or memory it asked for to free up.',
    zh: '正在等待所需的 CPU、GPU 或内存空闲。',
  },
  Priority: {
    action: 'wait',
    en: 'Jobs with higher priority are ahead of it in this partition.',
    zh: '该分区中有优先级更高的作业排在前面。',
  },
  Dependency: {
    action: 'wait',
    en: 'Waiting for the jobs it depends on to finish.',
    zh: '正在等待其依赖的作业结束。',
  },
  DependencyNeverSatisfied: {
    action: 'act',
    en: 'A job it depends on ended in a way that means this one will never start: cancel it.',
    zh: '其依赖的作业已结束且条件无法满足，该作业永远不会启动：请取消它。',
  },
  BeginTime: {
    action: 'wait',
    en: 'Its earliest start time (--begin) has not come yet.',
    zh: '尚未到达其最早开始时间（--begin）。',
  },
  JobHeldUser: {
    action: 'act',
    en: 'Held by its owner: release it with `scontrol release ID`.',
    zh: '已被用户挂起：用 `scontrol release ID` 释放。',
  },
  JobHeldAdmin: {
    action: 'ask-admin',
    en: 'Held by an administrator: ask them why.',
    zh: '已被管理员挂起：请联系管理员。',
  },
  ReqNodeNotAvail: {
    action: 'wait',
    en: 'A node it needs is down, drained or reserved; it starts when one is back.',
    zh: '所需节点不可用（宕机、排空或被预留），恢复后才会启动。',
  },
  PartitionTimeLimit: {
    action: 'change-request',
    en: "Its time limit is above the partition's maximum: it will never start; resubmit with a shorter --time.",
    zh: '申请的时长超过分区上限，永远不会启动：请用更短的 --time 重新提交。',
  },
  PartitionNodeLimit: {
    action: 'change-request',
    en: 'It asks for more nodes than the partition allows: resubmit with fewer.',
    zh: '申请的节点数超过分区上限：请减少节点数后重新提交。',
  },
  PartitionDown: {
    action: 'wait',
    en: 'The partition is down; it starts when an administrator brings it back.',
    zh: '分区已关闭，需等管理员恢复。',
  },
  PartitionInactive: {
    action: 'ask-admin',
    en: 'The partition is inactive: ask an administrator, or use another partition.',
    zh: '分区未激活：请联系管理员或改用其他分区。',
  },
  NodeDown: {
    action: 'wait',
    en: 'A node it needs is down.',
    zh: '所需节点已宕机。',
  },
  BadConstraints: {
    action: 'change-request',
    en: 'No node can satisfy what it asks for (features, GPUs, memory): change the request.',
    zh: '没有节点能满足其要求（特性、GPU、内存）：请修改申请。',
  },
  InvalidAccount: {
    action: 'change-request',
    en: 'Its account is not valid here: resubmit with an account you belong to (-A).',
    zh: '账户无效：请用你所属的账户（-A）重新提交。',
  },
  InvalidQOS: {
    action: 'change-request',
    en: 'Its QOS is not valid here: resubmit with a QOS you may use (--qos).',
    zh: 'QOS 无效：请用你可用的 QOS（--qos）重新提交。',
  },
  Reservation: {
    action: 'wait',
    en: 'Waiting for its advance reservation to start.',
    zh: '正在等待其预约开始。',
  },
  Licenses: { action: 'wait', en: 'Waiting for a license.', zh: '正在等待许可证。' },
  Cleaning: {
    action: 'wait',
    en: 'The previous run is still being cleaned up before a requeue.',
    zh: '上一次运行仍在清理，之后重新排队。',
  },
  launch_failed_requeued_held: {
    action: 'act',
    en: 'Launching it failed; it was requeued and held: check the node, then `scontrol release ID`.',
    zh: '启动失败，已重新排队并挂起：检查节点后用 `scontrol release ID` 释放。',
  },
};

// Limits of an association or QOS: `AssocGrpGRES`, `QOSMaxCpuPerUserLimit`, `QOSMaxWallDurationPerJobLimit`.
const LIMIT = /^(Assoc|QOS)(Grp|Max)(.*)$/;

const RESOURCE: Array<[RegExp, string, string]> = [
  [/GRES/i, 'GPUs (GRES)', 'GPU（GRES）'],
  [/Cpu/i, 'CPUs', 'CPU'],
  [/Mem/i, 'memory', '内存'],
  [/Node/i, 'nodes', '节点'],
  [/Wall|Minutes|RunMin/i, 'time', '时长'],
  [/Submit/i, 'submitted jobs', '提交的作业数'],
  [/Job/i, 'running jobs', '运行中的作业数'],
];

function limit(match: RegExpExecArray): Entry {
  const [, owner = '', kind = '', rest = ''] = match;
  const [, en, zh] = RESOURCE.find(([pattern]) => pattern.test(rest)) ?? [/./, 'resources', '资源'];
  const whose = owner === 'QOS' ? 'its QOS' : 'your account';
  const whoseZh = owner === 'QOS' ? '其 QOS' : '你的账户';
  if (kind === 'Grp') {
    return {
      action: 'wait',
      en: `The group limit on ${en} of ${whose} is used up by running jobs; it starts as they end.`,
      zh: `${whoseZh}的${zh}总量上限已被运行中的作业占满，待其结束后启动。`,
    };
  }
  const perJob = /PerJob/i.test(rest);
  return {
    action: perJob ? 'change-request' : 'wait',
    en: perJob
      ? `It asks for more ${en} than ${whose} allows per job: resubmit asking for less.`
      : `You reached the per-user limit on ${en} of ${whose}; it starts as your other jobs end.`,
    zh: perJob
      ? `申请的${zh}超过${whoseZh}的单作业上限：请减少申请后重新提交。`
      : `已达到${whoseZh}的单用户${zh}上限，待你的其他作业结束后启动。`,
  };
}

/**
 * Why a job waits, in plain words (English and Chinese) with what to do: Slurm's reason codes
 * (squeue's REASON) as a researcher would say them. Unknown codes come back as they are.
 */
export function explainReason(reason: string | undefined): ReasonExplained | undefined {
  if (!reason) return undefined;
  // `ReqNodeNotAvail, UnavailableNodes:n[1-3]`: the code is the first word.
  const code = reason.split(/[,(\s]/)[0] ?? reason;
  const exact = EXACT[code];
  if (exact) return { code, ...exact };
  const match = LIMIT.exec(code);
  if (match) return { code, ...limit(match) };
  return { code, action: 'wait', en: reason, zh: reason };
}
