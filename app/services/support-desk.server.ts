import type { DB } from "../../db/connection";
import type { Locale } from "../../db/schema";
import type { Actor } from "~/domain/permissions";
import type { CurrencyTotals } from "~/domain/statements";
import {
  allowedSupportEvents,
  supportTransition,
  type SupportCategory,
  type SupportEvent,
  type SupportEventType,
  type Tier,
} from "~/domain/support-request";
import { DESK_QUEUES, dueSoonUntil, maxOpenPerAgentFrom, promiseState, type DeskQueue, type PromiseState } from "~/domain/support-rules";
import { renderTemplate, unknownPlaceholders } from "~/domain/support-templates";
import type { MessageKey } from "~/i18n";
import { loadCaseById } from "~/models/case.server";
import { isAnyUniqueViolation } from "~/models/constraint-errors.server";
import { decodeCursor, encodeCursor, isIsoInstant, positiveId } from "~/models/cursor.server";
import { lockKey } from "~/models/locks.server";
import {
  agentsWithLoad,
  deleteReplyTemplateIfVersion,
  findAgent,
  findReplyTemplate,
  findRequestForDesk,
  insertReplyTemplate,
  listDeskQueue,
  listReplyTemplates,
  organisationNameOf,
  queueCounts,
  supportTimelineOf,
  updateReplyTemplateIfVersion,
  type DeskAgent,
  type DeskTimelineEntry,
  type ReplyTemplate,
} from "~/models/support-desk.server";
import {
  appendSupportEvent,
  attachmentsOfRequest,
  findRequestAttachment,
  insertMessage,
  messagesOf,
  openCountsOf,
  snapshotOf,
  storedMaxOpenPerAgent,
  updateRequestIfVersion,
  type LinkedTransaction,
  type SupportAttachmentInfo,
  type SupportMessage,
  type SupportRequestChange,
  type SupportRequestRow,
} from "~/models/support.server";
import { discardUploads, type StagedUpload } from "./disputes/attachment-store.server";
import { storedFileDownload, type AttachmentDownload } from "./disputes/download.server";
import { linksOf, storeAttachments } from "./support.server";
import { inRefusableTransaction, refused, RefusedError, type Refused, type ServiceResult } from "./result";
import { notifyMerchantOfDeskMessage } from "./support-notices.server";

// The desk side of support (SPEC 9, issue 14 item 3): the queues, one request with everything
// the desk needs beside it, and the desk's actions. Only a support user with a desk seat acts
// here; every write re-reads the request and the agents it decides on inside its transaction.

const notFound = (): Refused => refused(404, [{ field: "form", key: "support.error.notFound" }]);
const conflict = (): Refused => refused(409, [{ field: "form", key: "support.error.conflict" }]);
const notDesk = (): Refused => refused(403, [{ field: "form", key: "support.error.forbidden" }]);

async function deskSeat(db: DB, actor: Actor): Promise<DeskAgent | null> {
  return actor.role === "support" ? findAgent(db, actor.userId) : null;
}

// --- Queues -------------------------------------------------------------------------------------

export const DESK_PAGE_SIZE = 25;

export interface DeskQueueItem {
  requestNumber: string;
  organisationName: string;
  subject: string;
  category: SupportCategory;
  status: SupportRequestRow["status"];
  tier: Tier;
  managementFlag: boolean;
  holderName: string | null;
  receivedAt: string;
  replyChannel: SupportRequestRow["replyChannel"];
  /** The promise owed next and how it stands (the acknowledgment, then a complaint's resolution). */
  nextPromise: { kind: "acknowledge" | "resolve"; dueAt: string; state: PromiseState } | null;
}

export interface DeskQueuePage {
  agent: DeskAgent;
  queue: DeskQueue;
  counts: Record<DeskQueue, number>;
  rows: DeskQueueItem[];
  next: string | null;
  paged: boolean;
}

function nextPromiseOf(r: SupportRequestRow, now: Date): DeskQueueItem["nextPromise"] {
  if (r.acknowledgedAt === null) {
    return { kind: "acknowledge", dueAt: r.acknowledgeBy, state: promiseState(new Date(r.acknowledgeBy), null, now) };
  }
  if (r.resolveBy === null) return null;
  return {
    kind: "resolve",
    dueAt: r.resolveBy,
    state: promiseState(new Date(r.resolveBy), r.solvedAt ? new Date(r.solvedAt) : null, now),
  };
}

export async function loadDeskQueue(
  db: DB,
  actor: Actor,
  queue: DeskQueue,
  cursorText: string | null,
  now: Date,
): Promise<ServiceResult<{ page: DeskQueuePage }>> {
  const agent = await deskSeat(db, actor);
  if (!agent) return notDesk();
  const parts = decodeCursor(cursorText, 2);
  const id = parts ? positiveId(parts[1]) : null;
  const after = parts && isIsoInstant(parts[0]) && id !== null ? { sortAt: parts[0], id } : null;
  const soon = dueSoonUntil(now);
  const rows = await listDeskQueue(db, { queue, agent, now, dueSoonUntil: soon, after, limit: DESK_PAGE_SIZE + 1 });
  const page = rows.slice(0, DESK_PAGE_SIZE);
  const last = page[page.length - 1];
  const next = rows.length > DESK_PAGE_SIZE && last ? encodeCursor([new Date(last.sortAt).toISOString(), last.id]) : null;
  return {
    ok: true,
    page: {
      agent,
      queue,
      counts: await queueCounts(db, agent, DESK_QUEUES, now, soon),
      rows: page.map((r) => ({
        requestNumber: r.requestNumber,
        organisationName: r.organisationName,
        subject: r.subject,
        category: r.category,
        status: r.status,
        tier: r.tier,
        managementFlag: r.managementFlag === 1,
        holderName: r.holderName,
        receivedAt: r.receivedAt,
        replyChannel: r.replyChannel,
        nextPromise: nextPromiseOf(r, now),
      })),
      next,
      paged: after !== null,
    },
  };
}

// --- One request --------------------------------------------------------------------------------

/** The linked case, read-only: the desk sees it beside the request and never answers it. */
export interface LinkedCase {
  caseNumber: string;
  type: string;
  status: string;
  outcome: string | null;
  disputedAmountMinor: number;
  currency: string;
  reasonCode: string;
  reasonText: string;
  respondBy: string;
  accountName: string;
  timeZone: string;
  transactionOccurredAt: string;
  cardLast4: string;
}

export interface DeskRequestPage {
  agent: DeskAgent;
  request: SupportRequestRow & { organisationName: string | null; nextPromise: DeskQueueItem["nextPromise"] };
  messages: SupportMessage[];
  attachments: SupportAttachmentInfo[];
  timeline: DeskTimelineEntry[];
  linkedCase: LinkedCase | null;
  linkedStatement: { month: string; accountId: number; currency: string; totals: CurrencyTotals[] } | null;
  linkedTransaction: LinkedTransaction | null;
  allowed: SupportEventType[];
  handOverTo: (DeskAgent & { openCount: number })[];
  templates: { id: number; name: string }[];
  /** The chosen template filled in for this request, to start the reply from. */
  draftReply: string | null;
}

export async function loadDeskRequest(
  db: DB,
  actor: Actor,
  requestNumber: string,
  options: { templateId: number | null },
  now: Date,
): Promise<ServiceResult<{ page: DeskRequestPage }>> {
  const agent = await deskSeat(db, actor);
  if (!agent) return notDesk();
  const r = await findRequestForDesk(db, requestNumber);
  if (!r) return notFound();
  const linked = r.caseId ? await loadCaseById(db, r.caseId) : null;
  const templates = await listReplyTemplates(db, r.locale);
  const chosen = options.templateId ? templates.find((t) => t.id === options.templateId) : undefined;
  const organisationName = await organisationNameOf(db, r.organisationId);
  const links = await linksOf(db, r);
  const agents = await agentsWithLoad(db);
  return {
    ok: true,
    page: {
      agent,
      request: { ...r, organisationName, nextPromise: nextPromiseOf(r, now) },
      messages: await messagesOf(db, r.id, "all"),
      attachments: await attachmentsOfRequest(db, r.id),
      timeline: await supportTimelineOf(db, r.id),
      linkedCase: linked
        ? {
            caseNumber: linked.caseNumber,
            type: linked.type,
            status: linked.status,
            outcome: linked.outcome,
            disputedAmountMinor: linked.disputedAmountMinor,
            currency: linked.currency,
            reasonCode: linked.reasonCode,
            reasonText: linked.reasonText,
            respondBy: linked.respondBy,
            accountName: linked.accountName,
            timeZone: linked.timeZone,
            transactionOccurredAt: linked.transactionOccurredAt,
            cardLast4: linked.cardLast4,
          }
        : null,
      linkedStatement: links.statement
        ? {
            month: links.statement.month,
            accountId: links.statement.accountId,
            currency: links.statement.currency,
            totals: links.statement.totals,
          }
        : null,
      linkedTransaction: links.transaction,
      allowed: allowedSupportEvents(snapshotOf(r), { kind: "agent", tier: agent.tier }, now),
      handOverTo: agents.filter((a) => a.userId !== r.assignedUserId && a.tier >= r.tier),
      templates: templates.map((t) => ({ id: t.id, name: t.name })),
      draftReply: chosen
        ? renderTemplate(chosen.body, {
            merchantName: r.filedByName,
            requestNumber: r.requestNumber,
            caseNumber: r.caseNumber,
          })
        : null,
    },
  };
}

// --- The desk's actions -------------------------------------------------------------------------

export type DeskAction =
  | { kind: "take" }
  | { kind: "hand_over"; toUserId: number; note: string }
  | { kind: "escalate"; note: string }
  | { kind: "flag_management"; note: string }
  | { kind: "recategorise"; category: SupportCategory; note: string }
  | { kind: "note"; body: string }
  | { kind: "reply"; body: string; mode: "reply" | "ask_merchant" | "solve"; attachments?: readonly StagedUpload[] };

/** The agent's open load, counted under the agent's lock: a take and a filing routed to the same agent wait for each other. */
async function lockedLoad(trx: DB, agent: DeskAgent) {
  await lockKey(trx, `support-agent:${agent.userId}`);
  const counts = await openCountsOf(trx, [agent.userId]);
  return { userId: agent.userId, tier: agent.tier, openCount: counts.get(agent.userId) ?? 0 };
}

async function eventFor(trx: DB, action: DeskAction, me: DeskAgent): Promise<SupportEvent | null> {
  const maxOpenPerAgent = maxOpenPerAgentFrom(await storedMaxOpenPerAgent(trx));
  switch (action.kind) {
    case "take":
      return { type: "take", agent: await lockedLoad(trx, me), maxOpenPerAgent };
    case "hand_over": {
      const to = await findAgent(trx, action.toUserId);
      if (!to) throw new RefusedError(refused(400, [{ field: "toUserId", key: "desk.error.agentUnknown" }]));
      return { type: "hand_over", to: await lockedLoad(trx, to), maxOpenPerAgent };
    }
    case "escalate":
      return { type: "escalate" };
    case "flag_management":
      return { type: "flag_management" };
    case "recategorise":
      return { type: "recategorise", category: action.category };
    case "note":
      return null;
    case "reply":
      return action.mode === "reply" ? { type: "reply", visibility: "public" } : { type: action.mode };
  }
}

/**
 * One desk action on a request, in one transaction: the request is re-read there, the state
 * machine decides for the acting agent's tier, and the change is written only over the version
 * the agent saw. Notes stay internal; replies go to the merchant through their channel.
 */
export async function actAsDesk(
  db: DB,
  actor: Actor,
  requestNumber: string,
  action: DeskAction,
  version: number,
  now: Date,
): Promise<ServiceResult<{ requestNumber: string }>> {
  const result = await deskAct(db, actor, requestNumber, action, version, now);
  if (!result.ok && action.kind === "reply") discardUploads(action.attachments ?? []);
  return result;
}

async function deskAct(
  db: DB,
  actor: Actor,
  requestNumber: string,
  action: DeskAction,
  version: number,
  now: Date,
): Promise<ServiceResult<{ requestNumber: string }>> {
  return inRefusableTransaction(db, async (trx) => {
    const me = await deskSeat(trx, actor);
    if (!me) throw new RefusedError(notDesk());
    const r = await findRequestForDesk(trx, requestNumber);
    if (!r) throw new RefusedError(notFound());
    if (r.version !== version) throw new RefusedError(conflict());

    const event = await eventFor(trx, action, me);
    let to = r.status;
    if (event) {
      const result = supportTransition(snapshotOf(r), event, { kind: "agent", tier: me.tier }, now);
      if (!result.ok) {
        const field = action.kind === "hand_over" ? "toUserId" : action.kind === "recategorise" ? "category" : "form";
        throw new RefusedError(refused(400, [{ field, key: `support.refusal.${result.refusal.code}` as MessageKey }]));
      }
      to = result.status;
      const change: SupportRequestChange = { status: result.status };
      for (const effect of result.effects) {
        if (effect.kind === "assign_to") change.assignedUserId = effect.userId;
        if (effect.kind === "unassign") change.assignedUserId = null;
        if (effect.kind === "set_tier") change.tier = effect.tier;
        if (effect.kind === "set_management_flag") change.managementFlag = true;
        if (effect.kind === "set_category") change.category = effect.category;
        if (effect.kind === "set_first_response_at") change.firstResponseAt = effect.at;
        if (effect.kind === "set_solved_at") change.solvedAt = effect.at;
      }
      if (!(await updateRequestIfVersion(trx, r.id, r.version, change, now))) throw new RefusedError(conflict());
    } else if (!(await updateRequestIfVersion(trx, r.id, r.version, {}, now))) {
      // A note changes no state, but it is news on the request: it bumps the version too.
      throw new RefusedError(conflict());
    }

    await appendSupportEvent(trx, {
      requestId: r.id,
      at: now,
      actorUserId: actor.userId,
      eventType: event ? event.type : "note",
      from: r.status,
      to,
      details: detailsOf(action, r),
    });
    const note = internalNoteOf(action);
    if (note) {
      await insertMessage(trx, {
        requestId: r.id,
        at: now,
        authorUserId: actor.userId,
        authorKind: "agent",
        visibility: "internal",
        body: note,
      });
    }
    if (action.kind === "reply") {
      const messageId = await insertMessage(trx, {
        requestId: r.id,
        at: now,
        authorUserId: actor.userId,
        authorKind: "agent",
        visibility: "public",
        body: action.body,
      });
      await storeAttachments(trx, { requestId: r.id, messageId, userId: actor.userId, at: now }, action.attachments ?? []);
      const kind = action.mode === "solve" ? "solved" : action.mode === "ask_merchant" ? "waiting" : "reply";
      await notifyMerchantOfDeskMessage(trx, { requestId: r.id, kind, body: action.body, messageId }, now);
    }
    return { ok: true as const, requestNumber: r.requestNumber };
  });
}

function internalNoteOf(action: DeskAction): string | null {
  switch (action.kind) {
    case "note":
      return action.body;
    case "hand_over":
    case "escalate":
    case "flag_management":
    case "recategorise":
      return action.note === "" ? null : action.note;
    default:
      return null;
  }
}

function detailsOf(action: DeskAction, r: SupportRequestRow): Record<string, unknown> {
  switch (action.kind) {
    case "hand_over":
      return { fromUserId: r.assignedUserId, toUserId: action.toUserId };
    case "escalate":
      return { fromTier: r.tier, toTier: r.tier + 1 };
    case "recategorise":
      return { from: r.category, to: action.category };
    case "reply":
      return { mode: action.mode };
    default:
      return {};
  }
}

// --- Reply templates ----------------------------------------------------------------------------

export async function loadTemplates(db: DB, actor: Actor): Promise<ServiceResult<{ templates: ReplyTemplate[] }>> {
  if (!(await deskSeat(db, actor))) return notDesk();
  return { ok: true, templates: await listReplyTemplates(db) };
}

export type TemplateInput = { locale: Locale; name: string; body: string };

function checkTemplate(t: TemplateInput): Refused | null {
  const unknown = unknownPlaceholders(t.body);
  return unknown.length > 0
    ? refused(400, [{ field: "body", key: "desk.template.error.placeholder", params: { names: unknown.map((n) => `{${n}}`).join(", ") } }])
    : null;
}

const nameTaken = (): Refused => refused(409, [{ field: "name", key: "desk.template.error.nameTaken" }]);

/** A new template, or an edit over the version the agent saw (`id` and `version`). */
export async function saveTemplate(
  db: DB,
  actor: Actor,
  t: TemplateInput & { id: number | null; version: number | null },
  now: Date,
): Promise<ServiceResult<{ id: number }>> {
  const bad = checkTemplate(t);
  if (bad) return bad;
  try {
    return await inRefusableTransaction(db, async (trx) => {
      const me = await deskSeat(trx, actor);
      if (!me) throw new RefusedError(notDesk());
      if (t.id === null) return { ok: true as const, id: await insertReplyTemplate(trx, { ...t, userId: me.userId }, now) };
      if (!(await findReplyTemplate(trx, t.id))) throw new RefusedError(notFound());
      const saved = await updateReplyTemplateIfVersion(trx, { ...t, id: t.id, version: t.version ?? -1, userId: me.userId }, now);
      if (!saved) throw new RefusedError(conflict());
      return { ok: true as const, id: t.id };
    });
  } catch (error) {
    // The only unique key these writes can meet: (locale, name).
    if (isAnyUniqueViolation(error)) return nameTaken();
    throw error;
  }
}

export async function deleteTemplate(db: DB, actor: Actor, id: number, version: number): Promise<ServiceResult> {
  return inRefusableTransaction(db, async (trx) => {
    if (!(await deskSeat(trx, actor))) throw new RefusedError(notDesk());
    if (!(await findReplyTemplate(trx, id))) throw new RefusedError(notFound());
    if (!(await deleteReplyTemplateIfVersion(trx, id, version))) throw new RefusedError(conflict());
    return { ok: true as const };
  });
}

/** A request's file for the desk; anything else is the same 404. */
export async function deskAttachmentDownload(
  db: DB,
  actor: Actor,
  requestNumber: string,
  idText: string,
): Promise<ServiceResult<AttachmentDownload>> {
  const id = Number(idText);
  if (!(await deskSeat(db, actor)) || !/^\d{1,12}$/.test(idText) || !Number.isSafeInteger(id)) return notFound();
  const r = await findRequestForDesk(db, requestNumber);
  const attachment = r ? await findRequestAttachment(db, r.id, id) : undefined;
  return (attachment && storedFileDownload(attachment)) || notFound();
}
