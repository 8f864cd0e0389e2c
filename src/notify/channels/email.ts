import { SlurmdeckError } from '../../core/errors.js';
import { markedTitle, plainBody } from '../message.js';
import type { ResolvedChannel } from '../resolve-channel.js';
import type { Outgoing } from './types.js';

export interface MailOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  auth: { user: string; pass: string } | undefined;
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The idempotency key as Message-ID, so a resent mail is recognisably the same mail. */
  messageId: string;
}

const DEFAULT_PORTS = { starttls: 587, tls: 465, plain: 25 } as const;

/** What nodemailer needs for one mail: `smtp://` insists on STARTTLS, `smtp+plain://` never uses TLS. */
export function mailOptions(channel: ResolvedChannel, outgoing: Outgoing): MailOptions {
  const url = new URL(channel.url.replace(/^smtps?:/, 'http:'));
  const transport = channel.transport as keyof typeof DEFAULT_PORTS;
  const user = channel.params['user'] ?? decodeURIComponent(url.username);
  const pass = channel.params['password'];
  const to = (channel.params['to'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const from = channel.params['from'] ?? (user.includes('@') ? user : `slurmdeck@${url.hostname}`);
  if (pass && !user) {
    throw new SlurmdeckError(
      'CHANNEL_INVALID',
      `channel "${channel.name}": a password needs a user`,
      {
        hint: 'Write smtp://USER@host:port?password=@name (or ?user=...).',
      },
    );
  }
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : DEFAULT_PORTS[transport],
    secure: transport === 'tls',
    requireTLS: transport === 'starttls',
    ignoreTLS: transport === 'plain',
    auth: user && pass ? { user, pass } : undefined,
    from,
    to,
    subject: markedTitle(outgoing.message),
    text: plainBody(outgoing.message),
    messageId: `<${outgoing.key}@slurmdeck>`,
  };
}

export interface MailResult {
  /** The server's reply to the message, e.g. `250 OK: queued`. */
  response: string;
  accepted: string[];
  rejected: string[];
}

/** Sends one mail through nodemailer, loaded only when a mail channel is used. */
export async function sendMail(options: MailOptions, timeoutMs: number): Promise<MailResult> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTLS,
    ignoreTLS: options.ignoreTLS,
    auth: options.auth,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: options.from,
      to: options.to,
      subject: options.subject,
      text: options.text,
      messageId: options.messageId,
    });
    const list = (value: unknown) =>
      Array.isArray(value) ? value.map((a) => (typeof a === 'string' ? a : String(a.address))) : [];
    return {
      response: String(info.response ?? ''),
      accepted: list(info.accepted),
      rejected: list(info.rejected),
    };
  } finally {
    transport.close();
  }
}
