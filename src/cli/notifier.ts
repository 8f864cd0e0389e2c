import { loadConfig, type Config } from '../core/config.js';
import {
  createNotifier,
  credentialsFileFor,
  loadCredentials,
  type Credentials,
  type Notifier,
} from '../notify/index.js';
import type { Db } from '../store/index.js';

/** The configured notification channels and their secrets, as every command needs them. */
export function loadNotifySetup(): { config: Config; credentials: Credentials } {
  const config = loadConfig();
  const credentials = loadCredentials(credentialsFileFor(config.notify.credentialsFile));
  return { config, credentials };
}

export function openNotifier(db: Db): Notifier {
  return createNotifier({ db, ...loadNotifySetup() });
}
