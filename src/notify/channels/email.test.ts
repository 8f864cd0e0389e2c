import { afterEach, describe, expect, it } from 'vitest';
import { failedMessage, failedReport, jobMessage } from '../../../test/helpers/job-report.js';
import { setupNotifier } from '../../../test/helpers/notify-setup.js';
import {
  decodeWords,
  header,
  startSmtpReceiver,
  type SmtpReceiver,
} from '../../../test/helpers/smtp-receiver.js';

let smtp: SmtpReceiver | undefined;

afterEach(async () => {
  await smtp?.close();
});

describe('email over SMTP', () => {
  it('delivers the report to a real SMTP server, logged in, with the key as Message-ID', async () => {
    smtp = await startSmtpReceiver({ user: 'alice', password: 'mail-pass-123' });
    const setup = setupNotifier(
      {
        mail: `smtp+plain://alice@127.0.0.1:${smtp.port}?password=@mail&from=alice@example.org&to=bob@example.org,carol@example.org`,
      },
      { mail: 'mail-pass-123' },
      { language: 'zh' },
    );
    const [queued] = setup.notifier.enqueue(jobMessage(failedReport, 'zh'), ['mail']);
    const [result] = await setup.notifier.deliverDue();
    expect(result).toMatchObject({ state: 'sent', detail: expect.stringMatching(/^250/) });
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      user: 'alice',
      from: 'alice@example.org',
      to: ['bob@example.org', 'carol@example.org'],
    });
    expect(header(mail?.raw ?? '', 'Message-ID')).toBe(`<${queued?.key}@slurmdeck>`);
    expect(decodeWords(header(mail?.raw ?? '', 'Subject') ?? '')).toBe(
      '❌ [hpc] 作业 4242 train 内存不足',
    );
  });

  it('does not retry a recipient the server refuses for good', async () => {
    smtp = await startSmtpReceiver({ reject: ['nobody@example.org'] });
    const setup = setupNotifier({
      mail: `smtp+plain://127.0.0.1:${smtp.port}?to=nobody@example.org`,
    });
    setup.notifier.enqueue(failedMessage, ['mail']);
    const [result] = await setup.notifier.deliverDue();
    expect(result).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/550|No such user/),
    });
    expect(smtp.mails).toHaveLength(0);
  });

  it('fails a wrong password without retrying, and never says the password', async () => {
    smtp = await startSmtpReceiver({ user: 'alice', password: 'right-password' });
    const setup = setupNotifier(
      { mail: `smtp+plain://alice@127.0.0.1:${smtp.port}?password=@mail&to=bob@example.org` },
      { mail: 'wrong-password' },
    );
    setup.notifier.enqueue(failedMessage, ['mail']);
    const [result] = await setup.notifier.deliverDue();
    expect(result?.state).toBe('failed');
    expect(JSON.stringify(result)).not.toContain('wrong-password');
  });

  it('refuses to send over plain text when smtp:// asks for STARTTLS', async () => {
    smtp = await startSmtpReceiver();
    const setup = setupNotifier({ mail: `smtp://127.0.0.1:${smtp.port}?to=bob@example.org` });
    setup.notifier.enqueue(failedMessage, ['mail']);
    const [result] = await setup.notifier.deliverDue();
    expect(result?.state).not.toBe('sent');
    expect(smtp.mails).toHaveLength(0);
  });
});
