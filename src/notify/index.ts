export { createNotifier, DEFAULT_MAX_ATTEMPTS } from './notifier.js';
export type { Notifier, NotifierOptions, EnqueueResult, NotificationView } from './notifier.js';
export type { DeliveryResult } from './deliver.js';
export {
  runDeliveryLoop,
  startDeliveryLoop,
  type DeliveryLoop,
  type DeliveryLoopOptions,
  type LoopEnd,
} from './deliver-loop.js';
export {
  loadCredentials,
  credentialsFrom,
  credentialsFileFor,
  defaultCredentialsFile,
  emptyCredentials,
  type Credentials,
} from './credentials.js';
export {
  parseChannelSpec,
  displaySpec,
  CHANNEL_KINDS,
  type ChannelKind,
  type ChannelSpec,
} from './channel-spec.js';
export { resolveChannel, type ResolvedChannel } from './resolve-channel.js';
export { describeChannels, type ChannelInfo } from './channel-list.js';
export {
  markedTitle,
  plainBody,
  type NotifyMessage,
  type Severity,
  type Language,
} from './message.js';
export { createRedactor, redactUrl } from './redact.js';
export { backoffDelay, parseRetryAfter, type BackoffPolicy } from './backoff.js';
export type { OutboxState } from './outbox-store.js';
export { signStandardWebhook } from './channels/webhook.js';
export { resolveChannelNames } from './channel-names.js';
export { createOutputRedactor } from './output-redactor.js';
export { clip } from './format.js';
