export {
  createAuditLog,
  type AuditLog,
  type AuditLogOptions,
  type AuditAction,
  type AuditFace,
  type AuditRecord,
  type AuditEntry,
  type AuditFilter,
  type AuditTarget,
  type ConfirmedVia,
} from './audit-log.js';
export {
  createConfirmations,
  CONFIRM_TTL_MS,
  type Confirmations,
  type ConfirmBinding,
} from './confirmations.js';
