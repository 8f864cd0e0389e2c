import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotifySettings } from '../../src/core/config.js';
import {
  createNotifier,
  credentialsFrom,
  type Notifier,
  type NotifierOptions,
} from '../../src/notify/index.js';
import { openDatabase, type Db } from '../../src/store/index.js';

export interface Setup {
  file: string;
  db: Db;
  notifier: Notifier;
  settings: NotifySettings;
  /** The notifier's clock (ms). */
  now(): number;
  advance(ms: number): void;
  /** Another notifier (own connection, own owner) on the same database file and clock. */
  another(options?: Partial<NotifierOptions>): Notifier;
}

/** A notifier on a fresh database file, with a clock the test moves and jitter fixed at 0.5. */
export function setupNotifier(
  channels: Record<string, string>,
  secrets: Record<string, string> = {},
  options: Partial<NotifierOptions> & { language?: 'en' | 'zh' } = {},
): Setup {
  const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-notify-')), 'state.db');
  let clock = Date.parse('2026-03-01T12:00:00Z');
  const settings: NotifySettings = {
    channels,
    defaultChannels: Object.keys(channels),
    language: options.language ?? 'en',
  };
  const make = (db: Db, extra: Partial<NotifierOptions> = {}) =>
    createNotifier({
      db,
      config: { notify: settings },
      credentials: credentialsFrom(secrets),
      now: () => clock,
      random: () => 0.5,
      timeoutMs: 5_000,
      ...options,
      ...extra,
    });
  const db = openDatabase({ file });
  return {
    file,
    db,
    notifier: make(db),
    settings,
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
    another: (extra) => make(openDatabase({ file }), extra),
  };
}
