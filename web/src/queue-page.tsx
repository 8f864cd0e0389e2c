import { useState } from 'preact/hooks';
import { jobs, jobsScope, jobsState, loadJobs } from './api.js';
import { BulkCancel } from './bulk-cancel.js';
import { duration, isFinishedState } from './format.js';
import { plainReason, t } from './i18n.js';
import { Failure } from './failure.js';
import { jobPath, linkClick } from './router.js';

const STATES = ['', 'PENDING', 'RUNNING', 'COMPLETING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** The queue: mine or everyone's, by state, with pending reasons in plain words; bulk cancel. */
export function QueuePage() {
  const data = jobs.data.value;
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // Only jobs still shown and not finished count: a job that ended since is no longer selected.
  const selectable = (data?.jobs ?? []).filter((j) => !isFinishedState(j.state)).map((j) => j.id);
  const selected = selectable.filter((id) => picked.has(id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };
  const scope = (value: 'mine' | 'all') => () => {
    jobsScope.value = value;
    void loadJobs();
  };
  return (
    <>
      <div class="toolbar">
        <button aria-pressed={jobsScope.value === 'mine'} onClick={scope('mine')}>
          {t('mine')}
        </button>
        <button aria-pressed={jobsScope.value === 'all'} onClick={scope('all')}>
          {t('all')}
        </button>
        <select
          aria-label={t('state')}
          value={jobsState.value}
          onChange={(e) => {
            jobsState.value = (e.target as HTMLSelectElement).value;
            void loadJobs();
          }}
        >
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s || t('anyState')}
            </option>
          ))}
        </select>
        <span class="spacer" />
        <BulkCancel selected={selected} onDone={() => setPicked(new Set())} />
      </div>
      {jobs.error.value ? (
        <Failure error={jobs.error.value} />
      ) : !data ? (
        <p class="muted">{t('loading')}</p>
      ) : data.jobs.length === 0 ? (
        <p class="muted">{t('noJobs')}</p>
      ) : (
        <table data-testid="jobs">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label={t('selectAll')}
                  checked={selectable.length > 0 && selected.length === selectable.length}
                  disabled={selectable.length === 0}
                  onChange={(e) =>
                    setPicked(new Set((e.target as HTMLInputElement).checked ? selectable : []))
                  }
                />
              </th>
              <th class="num">{t('job')}</th>
              <th>{t('name')}</th>
              <th>{t('user')}</th>
              <th>{t('partition')}</th>
              <th>{t('state')}</th>
              <th class="num">{t('time')}</th>
              <th class="num">{t('limit')}</th>
              <th class="num">{t('gpus')}</th>
              <th>{t('where')}</th>
            </tr>
          </thead>
          <tbody>
            {data.jobs.map((j) => (
              <tr key={j.id} data-job={j.id}>
                <td>
                  {isFinishedState(j.state) ? null : (
                    <input
                      type="checkbox"
                      aria-label={`${t('selectJob')} ${j.id}`}
                      checked={picked.has(j.id)}
                      onChange={(e) => toggle(j.id, (e.target as HTMLInputElement).checked)}
                    />
                  )}
                </td>
                <td class="num">
                  <a href={jobPath(j.id)} onClick={(e) => linkClick(e, jobPath(j.id))}>
                    {j.id}
                  </a>
                </td>
                <td>{j.name}</td>
                <td>{j.user}</td>
                <td>{j.partition}</td>
                <td>
                  <span class="pill">{j.state}</span>
                </td>
                <td class="num">{duration(j.elapsedSeconds)}</td>
                <td class="num">{duration(j.timeLimitSeconds)}</td>
                <td class="num">{j.gpus}</td>
                <td>{j.state === 'PENDING' ? plainReason(j) : (j.nodeList ?? t('none'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
