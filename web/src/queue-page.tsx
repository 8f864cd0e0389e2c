import { jobs, jobsScope, jobsState, loadJobs } from './api.js';
import { duration } from './format.js';
import { plainReason, t } from './i18n.js';
import { Failure } from './failure.js';
import { jobPath, linkClick } from './router.js';

const STATES = ['', 'PENDING', 'RUNNING', 'COMPLETING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** The queue: mine or everyone's, by state, with pending reasons in plain words. */
export function QueuePage() {
  const data = jobs.data.value;
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
