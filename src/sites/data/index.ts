export { createCopyStore, type CopyRow, type CopyStore } from './copy-store.js';
export {
  cancelCopy,
  copyStates,
  copyStatesOnHosts,
  resumeCopy,
  startCopy,
  type CopyHost,
  type CopyPhase,
  type CopyState,
} from './data-copy.js';
export { COPY_TMUX_SOCKET, copyTmuxName } from './copy-scripts.js';
export { explainRsyncExit } from './rsync-exit.js';
export { lastProgress, type CopyProgress } from './rsync-progress.js';
export { parseDf, roomiestColdPool, writableColdPools } from './free-space.js';
export { copySummary, copyTarget, type CopyAsk, type CopyWorld } from './copy-target.js';
export { copyEndMessage, LONG_COPY_S, recordCopyEnds, type CopyEndDeps } from './copy-ends.js';
export { copyView, copyViewSchema, type CopyView } from './copy-view.js';
