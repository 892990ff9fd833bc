import type { DB } from "../../db/connection";
import type { CaseFacts } from "~/domain/notifications";
import { chooseReminderRecipients, dueStage, calendarDaysLeft, reminderHorizon, reminderNoticeKey, reminderPlan } from "~/domain/reminders";
import { loadCandidateRecipients, loadCaseForNotice, loadPreferences } from "~/models/notification.server";
import {
  loadCaseForReminder,
  recordReminder,
  reminderCandidates,
  sentStageKey,
  stagesAlreadySent,
  type ReminderCursor,
} from "~/models/reminder.server";
import { getReminderDays } from "~/models/settings.server";
import { deliverNotice } from "./notify.server";
import { queueReminderWebhook } from "./webhooks.server";

// Staged reminders (SPEC 5), sent by the deadline job (app/jobs/deadlines.server.ts). One
// transaction per case: it re-reads the case, decides the stage and its recipients, and inserts
// one case_reminders row per recipient with "on conflict do nothing"; only a row it inserted is
// delivered. A second run, or a run in another process at the same moment, finds the rows (or
// waits for the first one's transaction and then finds them) and sends nothing.

export interface ReminderReport {
  /** Reminders delivered to a user who may answer the case. */
  reminded: number;
  /** Escalations delivered to the head office at the last stage. */
  escalated: number;
}

const BATCH = 200;
const MAX_ATTEMPTS = 5;

/** Another writer got in between: SQLite busy past the timeout, PostgreSQL's serialization failure or deadlock. */
function isLostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code === "40001" || code === "40P01");
}

async function remindCase(db: DB, caseId: number, stages: readonly number[], now: Date): Promise<ReminderReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const sent: ReminderReport = { reminded: 0, escalated: 0 };
        const current = await loadCaseForReminder(trx, caseId);
        if (!current) return sent;
        const plan = reminderPlan(
          {
            status: current.status,
            respondBy: new Date(current.respondBy),
            timeZone: current.timeZone,
            answered: current.answered,
            drafted: current.drafted,
          },
          now,
          stages,
        );
        if (!plan) return sent;
        const candidates = await loadCandidateRecipients(trx, current.organisationId);
        const recipients = chooseReminderRecipients({
          candidates,
          account: { accountId: current.accountId, organisationId: current.organisationId },
          handling: current.handling,
          escalate: plan.escalate,
          preferences: await loadPreferences(
            trx,
            candidates.map((c) => c.userId),
          ),
        });
        const fresh = [];
        for (const r of recipients) {
          const inserted = await recordReminder(
            trx,
            { caseId, respondBy: current.respondBy, stage: plan.stage, userId: r.userId, escalation: r.escalation },
            now,
          );
          if (inserted) fresh.push(r);
        }
        if (fresh.length === 0) return sent;
        const notice = await loadCaseForNotice(trx, caseId);
        if (!notice) return sent;
        const facts: CaseFacts = {
          caseNumber: notice.caseNumber,
          caseType: notice.type,
          accountName: notice.accountName,
          amountMinor: notice.amountMinor,
          currency: notice.currency,
          respondBy: notice.respondBy,
          timeZone: notice.timeZone,
          toStatus: notice.status,
          daysLeft: plan.daysLeft,
        };
        for (const escalation of [false, true]) {
          const group = fresh.filter((r) => r.escalation === escalation);
          if (group.length === 0) continue;
          await deliverNotice(
            trx,
            {
              caseId,
              caseNumber: notice.caseNumber,
              facts,
              key: reminderNoticeKey(caseId, current.respondBy, plan.stage, escalation),
              category: escalation ? "urgent" : "reminders",
              message: escalation ? "reminder_escalation" : "reminder",
              caseEventId: null,
              recipients: group,
              users: candidates,
            },
            now,
          );
          if (escalation) sent.escalated += group.length;
          else sent.reminded += group.length;
        }
        await queueReminderWebhook(
          trx,
          {
            key: reminderNoticeKey(caseId, current.respondBy, plan.stage, false),
            case: notice,
            stage: plan.stage,
            daysLeft: plan.daysLeft,
          },
          now,
        );
        return sent;
      });
    } catch (error) {
      if (!isLostRace(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Every case that has reached a stage gets it, once per recipient. Failures of single cases are collected, the others go on. */
export async function sendStagedReminders(db: DB, now: Date): Promise<ReminderReport> {
  const stages = await getReminderDays(db);
  const report: ReminderReport = { reminded: 0, escalated: 0 };
  const failures: unknown[] = [];
  const horizon = reminderHorizon(now, stages);
  let after: ReminderCursor | null = null;
  for (;;) {
    const batch = await reminderCandidates(db, now, horizon, after, BATCH);
    if (batch.length === 0) break;
    // A cheap look first: most cases in the horizon are between stages or had theirs already, and
    // need no write transaction. What decides is read again inside it.
    const sentAlready = await stagesAlreadySent(
      db,
      batch.map((c) => c.id),
    );
    for (const c of batch) {
      const stage = dueStage(calendarDaysLeft(new Date(c.respondBy), now, c.timeZone), stages);
      if (stage === null || sentAlready.has(sentStageKey(c.id, c.respondBy, stage))) continue;
      try {
        const sent = await remindCase(db, c.id, stages, now);
        report.reminded += sent.reminded;
        report.escalated += sent.escalated;
      } catch (error) {
        failures.push(error);
      }
    }
    after = batch[batch.length - 1]!;
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `staged reminders: ${failures.length} cases failed; ${JSON.stringify(report)}`);
  return report;
}
