import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { auditResponse } from '../../src/server/schemas.js';
import { get } from './api.js';
import { Failure } from './failure.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';

type Audit = z.infer<typeof auditResponse>;
type Entry = Audit['entries'][number];

const PAGE = 50;
const FACES = ['', 'http', 'cli', 'mcp'];
const ACTIONS = [
  '',
  'job.submit',
  'job.cancel',
  'job.watch',
  'session.start',
  'session.stop',
  'session.exec',
  'session.send',
  'session.ctrl',
  'notify.test',
];

interface Filter {
  face: string;
  actor: string;
  action: string;
}

export function auditPath(filter: Filter, before?: number): string {
  const params = new URLSearchParams({ limit: String(PAGE) });
  for (const [key, value] of Object.entries(filter))
    if (value.trim()) params.set(key, value.trim());
  if (before !== undefined) params.set('before', String(before));
  return `/api/audit?${params.toString()}`;
}

/** What the target was, in one line: `jobIds 12, 13 · partition gpu`. */
function targetText(target: Entry['target']): string {
  return Object.entries(target)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join(' · ');
}

/** The audit log, newest first: filter by face, actor and action; older pages on demand. */
export function AuditPage() {
  const [filter, setFilter] = useState<Filter>({ face: '', actor: '', action: '' });
  const [entries, setEntries] = useState<Entry[]>();
  const [nextBefore, setNextBefore] = useState<number>();
  const [error, setError] = useState<Error>();

  const load = async (before?: number) => {
    try {
      const page = await get<Audit>(auditPath(filter, before));
      setEntries((shown) => [...(before === undefined ? [] : (shown ?? [])), ...page.entries]);
      setNextBefore(page.nextBefore);
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  };
  useEffect(() => void load(), [filter.face, filter.action]);

  const pick = (key: keyof Filter) => (e: Event) =>
    setFilter({ ...filter, [key]: (e.target as HTMLSelectElement).value });

  return (
    <>
      <h1>{t('audit')}</h1>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <select name="face" aria-label={t('face')} value={filter.face} onChange={pick('face')}>
          {FACES.map((f) => (
            <option key={f} value={f}>
              {f || t('anyFace')}
            </option>
          ))}
        </select>
        <select
          name="action"
          aria-label={t('action')}
          value={filter.action}
          onChange={pick('action')}
        >
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a || t('anyAction')}
            </option>
          ))}
        </select>
        <input
          name="actor"
          style={{ width: '12rem' }}
          aria-label={t('actor')}
          placeholder={t('actor')}
          value={filter.actor}
          onInput={pick('actor')}
        />
        <button type="submit">{t('applyFilter')}</button>
      </form>
      {error ? (
        <Failure error={error} />
      ) : !entries ? (
        <p class="muted">{t('loading')}</p>
      ) : entries.length === 0 ? (
        <p class="muted">{t('auditEmpty')}</p>
      ) : (
        <table data-testid="audit">
          <thead>
            <tr>
              <th>{t('when')}</th>
              <th>{t('face')}</th>
              <th>{t('actor')}</th>
              <th>{t('action')}</th>
              <th>{t('cluster')}</th>
              <th>{t('target')}</th>
              <th>{t('confirmedVia')}</th>
              <th>{t('outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-audit={e.id}>
                <td>{dateTime(e.at)}</td>
                <td>{e.face}</td>
                <td>{e.actor || t('none')}</td>
                <td>{e.action}</td>
                <td>{e.cluster || t('none')}</td>
                <td class="mono">{targetText(e.target)}</td>
                <td>{e.confirmedVia}</td>
                <td>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== undefined && !error ? (
        <div class="toolbar end">
          <button onClick={() => void load(nextBefore)}>{t('olderEntries')}</button>
        </div>
      ) : null}
    </>
  );
}
