import type { DB } from "../../db/connection";
import type { AuditRecord } from "~/domain/audit";

export type AuditEntry = AuditRecord;

/** Appends to the audit trail; the table's triggers refuse any later change. */
export async function recordAudit(db: DB, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: now.toISOString(),
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
