import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { notificationsResponse, notifyTestResponse } from '../../src/server/schemas.js';
import { get, post } from './api.js';
import { Failure, errorText } from './failure.js';
import { dateTime } from './format.js';
import { t } from './i18n.js';

type Notifications = z.infer<typeof notificationsResponse>;
type TestResult = z.infer<typeof notifyTestResponse>;

/** The outbox is the server's own table: reading it every few seconds costs the cluster nothing. */
const REFRESH_MS = 5000;

function TestOutcome({ result }: { result: TestResult | string }) {
  if (typeof result === 'string') {
    return (
      <p class="error" role="alert" data-testid="test-result">
        {result}
      </p>
    );
  }
  return (
    <p class={result.delivered ? 'notice' : 'error'} role="status" data-testid="test-result">
      {result.delivered ? t('testDelivered') : t('testFailed')} ({result.channel}
      {result.status === undefined ? '' : ` · ${result.status}`}){' '}
      {result.detail ? <span class="muted">{result.detail}</span> : null}
    </p>
  );
}

/** What the channel answered last time, when it did not take the message. */
function failureText(row: Notifications['outbox'][number]): string {
  return [row.lastStatus, row.lastError].filter((v) => v !== undefined && v !== '').join(' · ');
}

/** Channels (names and kinds, never secrets), the outbox with its retries and failures, a test send. */
export function NotificationsPage() {
  const [data, setData] = useState<Notifications>();
  const [error, setError] = useState<Error>();
  const [sending, setSending] = useState<string>();
  const [result, setResult] = useState<TestResult | string>();

  const load = () =>
    get<Notifications>('/api/notifications?limit=100').then(
      (answer) => (setData(answer), setError(undefined)),
      (e: Error) => setError(e),
    );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const sendTest = async (channel: string) => {
    setSending(channel);
    setResult(undefined);
    try {
      setResult(await post<TestResult>('/api/notifications/test', { channel }));
    } catch (e) {
      setResult(errorText(e as Error));
    } finally {
      setSending(undefined);
      void load();
    }
  };

  if (error && !data) return <Failure error={error} />;
  if (!data) return <p class="muted">{t('loading')}</p>;
  return (
    <>
      <h1>{t('notifications')}</h1>
      <h2>{t('channels')}</h2>
      {data.channels.length === 0 ? (
        <p class="muted">{t('noChannels')}</p>
      ) : (
        <table data-testid="channels">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('kind')}</th>
              <th>{t('isDefault')}</th>
              <th>{t('problem')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.channels.map((ch) => (
              <tr key={ch.name} data-channel={ch.name}>
                <td>{ch.name}</td>
                <td>{ch.kind ?? t('none')}</td>
                <td>{ch.isDefault ? '✓' : ''}</td>
                <td>{ch.problem ?? ''}</td>
                <td>
                  <button
                    disabled={sending !== undefined}
                    aria-label={`${t('sendTest')}: ${ch.name}`}
                    onClick={() => void sendTest(ch.name)}
                  >
                    {t('sendTest')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div aria-live="polite">{result ? <TestOutcome result={result} /> : null}</div>
      <h2>{t('outbox')}</h2>
      {data.outbox.length === 0 ? (
        <p class="muted">{t('outboxEmpty')}</p>
      ) : (
        <table data-testid="outbox">
          <thead>
            <tr>
              <th>{t('created')}</th>
              <th>{t('channel')}</th>
              <th>{t('event')}</th>
              <th>{t('job')}</th>
              <th>{t('state')}</th>
              <th class="num">{t('attempts')}</th>
              <th>{t('nextRetry')}</th>
              <th>{t('lastFailure')}</th>
            </tr>
          </thead>
          <tbody>
            {data.outbox.map((row) => (
              <tr key={row.id} data-outbox={row.id} data-state={row.state}>
                <td>{dateTime(row.createdAt)}</td>
                <td>{row.channel}</td>
                <td>{row.event}</td>
                <td>
                  {/* A test carries a sample job: it is about no job of yours. */}
                  {row.jobId && row.event !== 'notify.test'
                    ? `${row.cluster} ${row.jobId}`
                    : t('none')}
                </td>
                <td>
                  <span class="pill">{t(`outbox_${row.state}`)}</span>
                </td>
                <td class="num">
                  {row.attempts}/{row.maxAttempts}
                </td>
                <td>{row.state === 'pending' ? dateTime(row.nextAttemptAt) : ''}</td>
                <td>{row.state === 'sent' ? '' : failureText(row)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
