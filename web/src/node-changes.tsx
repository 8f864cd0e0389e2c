import { useState } from 'preact/hooks';
import type { AdminChangeResponse } from '../../src/server/admin-schemas.js';
import type { NodeView } from '../../src/server/schemas.js';
import { clusterPath, loadStatus } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useConfirmedAction } from './confirmed-action.js';
import { t, type Key } from './i18n.js';

/** The changing admin operations a node's panel offers: route, body, button and dialog title. */
const CHANGES: ReadonlyArray<{ path: string; body: object; label: Key; title: Key }> = [
  { path: 'restart', body: { daemon: 'munge' }, label: 'restartMunge', title: 'restartMungeTitle' },
  {
    path: 'restart',
    body: { daemon: 'slurmd' },
    label: 'restartSlurmd',
    title: 'restartSlurmdTitle',
  },
  { path: 'sync-munge', body: {}, label: 'syncKey', title: 'syncKeyTitle' },
  { path: 'sync-conf', body: {}, label: 'syncConf', title: 'syncConfTitle' },
  { path: 'recover', body: {}, label: 'recover', title: 'recoverTitle' },
  { path: 'init', body: {}, label: 'initNode', title: 'initTitle' },
];

function ResultRows({ answer }: { answer: AdminChangeResponse }) {
  return (
    <table data-testid="admin-change-result">
      <tbody>
        {answer.rows.map((r) => (
          <tr key={r.node} data-node={r.node} data-outcome={r.outcome}>
            <td>{r.node}</td>
            <td>{r.outcome}</td>
            <td>
              {r.summary}
              {r.error?.hint ? <div class="muted">{r.error.hint}</div> : null}
            </td>
          </tr>
        ))}
        {answer.notes.map((note) => (
          <tr key={note}>
            <td colSpan={3} class="muted">
              {note}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Restart munge or slurmd, sync the key or the config, recover, init: each asks first with the
 * server's plan (the nodes that change and how), then shows one row per node.
 */
export function NodeChanges({ node }: { node: NodeView }) {
  const base = `${clusterPath()}/admin`;
  const [result, setResult] = useState<AdminChangeResponse>();
  const after = async (answer: AdminChangeResponse) => {
    setResult(answer);
    await loadStatus();
  };
  // One hook per operation, in the same order at every render: CHANGES never changes.
  const actions = CHANGES.map((change) => ({
    change,
    hook: useConfirmedAction<AdminChangeResponse>(`${base}/${change.path}`, after),
  }));
  const open = actions.find((a) => a.hook.asking);
  const busy = actions.some((a) => a.hook.busy);
  const asking = open?.hook.asking;
  return (
    <div data-testid="node-changes">
      <div class="toolbar">
        {actions.map(({ change, hook }) => (
          <button
            key={change.label}
            type="button"
            disabled={busy}
            onClick={() => {
              setResult(undefined);
              void hook.ask({ nodes: node.name, ...change.body });
            }}
          >
            {t(change.label)}
          </button>
        ))}
        {busy ? <span class="muted">{t('working')}</span> : null}
      </div>
      {actions
        .map((a) => a.hook.error)
        .filter(Boolean)
        .map((text) => (
          <p key={text} class="error" role="alert">
            {text}
          </p>
        ))}
      {open && asking?.status === 'nothing_to_do' ? (
        <div class="notice" role="status" data-testid="admin-change-nothing">
          <b>{t('nothingToDo')}</b>
          <ResultRows answer={asking} />
          <button onClick={() => open.hook.dismiss()}>{t('back')}</button>
        </div>
      ) : null}
      {open && asking?.status === 'confirmation_required' ? (
        <ConfirmDialog
          title={t(open.change.title)}
          summary={asking.summary.split('\n')[0] ?? ''}
          confirmLabel={t(open.change.label)}
          busy={open.hook.busy}
          error={open.hook.error}
          onConfirm={() => void open.hook.confirm()}
          onClose={open.hook.dismiss}
        >
          <ResultRows answer={asking} />
        </ConfirmDialog>
      ) : null}
      {result ? <ResultRows answer={result} /> : null}
    </div>
  );
}
