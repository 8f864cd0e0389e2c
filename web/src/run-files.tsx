import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { formatBytes } from '../../src/core/format.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';
import type { RunFiles } from './tracker-api.js';

type Kind = RunFiles['files'][number]['kind'];
const KIND_LABEL = {
  checkpoint: 'kindCheckpoint',
  artifact: 'kindArtifact',
  log: 'kindLog',
} as const;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A run's checkpoints, artifacts and logs; "Look now" stats them on the cluster. */
export function RunFilesTable({ uid }: { uid: string }) {
  const [answer, setAnswer] = useState<RunFiles>();
  const [busy, setBusy] = useState(false);
  const load = (check: boolean) => {
    setBusy(check);
    const query = check ? '?check=1' : '';
    get<RunFiles>(`/api/tracker/runs/${encodeURIComponent(uid)}/files${query}`)
      .then(setAnswer, (error: Error) => setAnswer({ uid, files: [], checkError: error.message }))
      .finally(() => setBusy(false));
  };
  useEffect(() => load(false), [uid]);
  if (!answer) return null;
  const kind = (k: Kind) => t(KIND_LABEL[k]);
  return (
    <section data-testid="run-files">
      <div class="toolbar">
        <h2>{t('runFiles')}</h2>
        <span class="spacer" />
        {answer.files.length ? (
          <button type="button" disabled={busy} onClick={() => load(true)}>
            {t('lookAtFiles')}
          </button>
        ) : null}
      </div>
      {answer.checkError ? (
        <p class="notice" role="alert">
          {answer.checkError}
        </p>
      ) : null}
      {answer.files.length === 0 ? (
        <p class="muted">{t('noRunFiles')}</p>
      ) : (
        <div class="scroll-x">
          <table>
            <thead>
              <tr>
                <th>{t('fileKind')}</th>
                <th>{t('filePath')}</th>
                <th>{t('fileSize')}</th>
                <th>{t('fileModified')}</th>
                <th>{t('fileSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.files.map((f) => (
                <tr key={f.path} class={f.missing ? 'muted' : ''}>
                  <td>{kind(f.kind)}</td>
                  <td>
                    <code>{f.path}</code>
                  </td>
                  <td>
                    {f.missing ? t('fileGone') : f.size === undefined ? '' : formatBytes(f.size)}
                  </td>
                  <td>{dateTime(iso(f.mtime))}</td>
                  <td>{f.checkedAt ? dateTime(iso(f.checkedAt)) : t('fileNotLooked')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
