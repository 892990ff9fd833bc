import type { DB } from "../../db/connection";
import { isMerchantRole, type Actor } from "~/domain/permissions";
import { MIB } from "~/domain/settings";
import {
  allowedSupportEvents,
  REOPEN_WINDOW_DAYS,
  reopenUntil,
  requestYear,
  supportTransition,
  type ReplyChannel,
  type SupportCategory,
  type SupportEvent,
  type SupportEventType,
  type SupportStatus,
} from "~/domain/support-request";
import { findDuplicate, maxOpenPerAgentFrom, promisesFor, promiseState, routeRequest, type PromiseState } from "~/domain/support-rules";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { readFormData } from "~/utils/http.server";
import { listVisibleAccountChoices } from "~/models/account.server";
import { findVisibleCase } from "~/models/case.server";
import { findVisibleStatementSummary, listVisibleStatements, loadStatementSummaryById } from "~/models/statement.server";
import { decodeCursor, encodeCursor, isIsoInstant, positiveId } from "~/models/cursor.server";
import { lockKey, lockStoredFiles } from "~/models/locks.server";
import { enqueueEmail } from "~/models/outbox.server";
import { getAttachmentLimits } from "~/models/settings.server";
import {
  appendSupportEvent,
  attachmentsOfRequest,
  findRequestAttachment,
  findVisibleRequest,
  findVisibleTransaction,
  insertMessage,
  insertSupportAttachments,
  insertSupportRequest,
  listVisibleRequests,
  loadRequestById,
  loadTransactionById,
  messagesOf,
  nextRequestNumber,
  openCountsOf,
  openRequestsAboutCase,
  responsibleAgents,
  snapshotOf,
  solvedBefore,
  storedMaxOpenPerAgent,
  updateRequestIfVersion,
  userContact,
  type LinkedTransaction,
  type SupportAttachmentInfo,
  type SupportMessage,
  type SupportRequestChange,
  type SupportRequestRow,
} from "~/models/support.server";
import {
  discardUploads,
  parseResponseUpload,
  promoteUploads,
  RequestTooLargeError,
  type StagedUpload,
} from "./disputes/attachment-store.server";
import { storedFileDownload, type AttachmentDownload } from "./disputes/download.server";
import { inRefusableTransaction, refused, RefusedError, type Problem, type Refused, type ServiceResult } from "./result";

// The merchant side of the support desk (SPEC 9, issue 14 item 2): filing, the list, the request
// page, replying, confirming, reopening and rating. Every rule is decided in app/domain; every
// write reads what it decides on inside its own transaction.

const notFound = (): Refused => refused(404, [{ field: "form", key: "support.error.notFound" }]);
const conflict = (): Refused => refused(409, [{ field: "form", key: "support.error.conflict" }]);
const notMerchant = (): Refused => refused(403, [{ field: "form", key: "support.error.forbidden" }]);

// --- Filing -------------------------------------------------------------------------------------

export interface FilingForm {
  accounts: { id: number; name: string }[];
  /** The newest statements the user may see, to say which one a question is about. */
  statements: { id: number; month: string; accountName: string }[];
  /** Pre-linked from a case page ("Ask support about this case"), when the case is visible. */
  caseNumber: string | null;
}

export async function loadFilingForm(db: DB, actor: Actor, caseNumber: string | null): Promise<ServiceResult<FilingForm>> {
  if (!isMerchantRole(actor.role)) return notMerchant();
  const accounts = (await listVisibleAccountChoices(db, actor)).map((a) => ({ id: a.id, name: a.name }));
  const linked = caseNumber ? await findVisibleCase(db, actor, caseNumber.trim().toUpperCase()) : null;
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const { rows } = await listVisibleStatements(db, actor, { limit: FILING_STATEMENT_CHOICES });
  const statements = rows.map((st) => ({ id: st.id, month: st.month, accountName: names.get(st.accountId) ?? "" }));
  return { ok: true, accounts, statements, caseNumber: linked?.caseNumber ?? null };
}

const FILING_STATEMENT_CHOICES = 24;

export interface Filing {
  category: SupportCategory;
  subject: string;
  description: string;
  replyChannel: ReplyChannel;
  caseNumber: string;
  accountId: number | null;
  /** What else the request is about (SPEC 9): one of the user's statements or transactions. */
  statementId?: number | null;
  transactionReference?: string;
  locale: Locale;
  /** Staged by the route (SPEC 3.5's rules); stored with the request, or discarded when it is refused. */
  attachments?: readonly StagedUpload[];
}

export type FilingResult = ServiceResult<{ requestNumber: string; addedTo: boolean }>;

const CASE_NUMBER_IN_TEXT = /\b(?:INQ|CB)-\d{4}-\d{6,}\b/i;

export async function fileRequest(db: DB, actor: Actor, f: Filing, now: Date): Promise<FilingResult> {
  const result = await fileOrAdd(db, actor, f, now);
  if (!result.ok) discardUploads(f.attachments ?? []);
  return result;
}

async function fileOrAdd(db: DB, actor: Actor, f: Filing, now: Date): Promise<FilingResult> {
  if (!isMerchantRole(actor.role) || actor.organisationId === null) return notMerchant();
  const organisationId = actor.organisationId;

  const linked = f.caseNumber ? await findVisibleCase(db, actor, f.caseNumber) : null;
  if (f.caseNumber && !linked) return refused(400, [{ field: "caseNumber", key: "support.error.caseUnknown" }]);
  // A complaint about a case is always linked to it (SPEC 9): one that names a case must link it.
  if (f.category === "complaint" && !linked && CASE_NUMBER_IN_TEXT.test(`${f.subject} ${f.description}`)) {
    return refused(400, [{ field: "caseNumber", key: "support.error.complaintNeedsCase" }]);
  }
  const accounts = await listVisibleAccountChoices(db, actor);
  let accountId = f.accountId;
  if (accountId !== null && !accounts.some((a) => a.id === accountId)) {
    return refused(400, [{ field: "accountId", key: "support.error.accountUnknown" }]);
  }
  if (linked) {
    if (accountId !== null && accountId !== linked.accountId)
      return refused(400, [{ field: "caseNumber", key: "support.error.caseOtherAccount" }]);
    accountId = linked.accountId;
  }
  const statement = f.statementId ? await findVisibleStatementSummary(db, actor, f.statementId) : null;
  if (f.statementId && !statement) return refused(400, [{ field: "statementId", key: "support.error.statementUnknown" }]);
  const transaction = f.transactionReference ? await findVisibleTransaction(db, actor, f.transactionReference) : null;
  if (f.transactionReference && !transaction)
    return refused(400, [{ field: "transactionReference", key: "support.error.transactionUnknown" }]);
  // Everything a request links is of one location: the one it is about.
  for (const [field, about] of [
    ["statementId", statement?.accountId],
    ["transactionReference", transaction?.accountId],
  ] as const) {
    if (about === undefined) continue;
    if (accountId !== null && accountId !== about) return refused(400, [{ field, key: "support.error.linksOtherAccount" }]);
    accountId = about;
  }
  // A location's request is always about one of its accounts, so its colleagues see it too.
  if (actor.role === "location" && accountId === null) {
    if (accounts.length !== 1) return refused(400, [{ field: "accountId", key: "support.error.accountRequired" }]);
    accountId = accounts[0]!.id;
  }

  const result = await inRefusableTransaction(db, async (trx) => {
    // Two filings about one case at once: the second waits and then sees the first.
    await lockKey(trx, `support-filing:${organisationId}`);
    if (linked) {
      const open = await openRequestsAboutCase(trx, organisationId, f.category, linked.id);
      const duplicate = findDuplicate({ organisationId, category: f.category, caseId: linked.id }, open);
      // SPEC 9 / issue 14: the open request is shown and the message goes to it instead.
      if (duplicate) {
        await addMerchantMessage(trx, actor, duplicate.id, f.description, f.attachments ?? [], now);
        return { ok: true as const, requestNumber: duplicate.requestNumber, addedTo: true };
      }
    }

    const agents = await responsibleAgents(trx, organisationId, f.category);
    const ids = [agents.organisationAgentId, agents.categoryAgentId].filter((id): id is number => id !== null);
    // Under each agent's lock, like a take on the desk: the limit holds for both at once.
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) await lockKey(trx, `support-agent:${id}`);
    const counts = await openCountsOf(trx, ids);
    const routing = routeRequest({
      ...agents,
      openCount: (id) => counts.get(id) ?? 0,
      maxOpenPerAgent: maxOpenPerAgentFrom(await storedMaxOpenPerAgent(trx)),
    });
    const promises = promisesFor(f.category, now);
    const requestNumber = await nextRequestNumber(trx, requestYear(now));
    // The portal acknowledges at once, in the portal always and by email when chosen (a phone
    // call-back is the desk's task, item 4): the ten-day promise is kept at filing.
    const acknowledgedAt = now;
    const requestId = await insertSupportRequest(trx, {
      requestNumber,
      organisationId,
      accountId,
      filedByUserId: actor.userId,
      category: f.category,
      subject: f.subject,
      description: f.description,
      replyChannel: f.replyChannel,
      locale: f.locale,
      caseId: linked?.id ?? null,
      statementId: statement?.id ?? null,
      transactionId: transaction?.id ?? null,
      assignedUserId: routing.assignedTo,
      receivedAt: now,
      acknowledgeBy: promises.acknowledgeBy,
      acknowledgedAt,
      resolveBy: promises.resolveBy,
    });
    await appendSupportEvent(trx, {
      requestId,
      at: now,
      actorUserId: actor.userId,
      eventType: "filed",
      from: null,
      to: "received",
      details: { routing: routing.reason, assignedTo: routing.assignedTo, tier: 1 },
    });
    const ackKey: MessageKey = promises.resolveBy ? "support.ack.complaint" : "support.ack.body";
    const ackText = translate(f.locale, ackKey, {
      number: requestNumber,
      acknowledgeBy: berlinDay(promises.acknowledgeBy, f.locale),
      resolveBy: promises.resolveBy ? berlinDay(promises.resolveBy, f.locale) : "",
    });
    await storeAttachments(trx, { requestId, messageId: null, userId: actor.userId, at: now }, f.attachments ?? []);
    await insertMessage(trx, { requestId, at: now, authorUserId: null, authorKind: "system", visibility: "public", body: ackText });
    if (f.replyChannel === "email") {
      const contact = await userContact(trx, actor.userId);
      if (contact) {
        await enqueueEmail(
          trx,
          {
            idempotencyKey: `support-ack:${requestNumber}`,
            kind: "support_acknowledgment",
            to: contact.email,
            subject: translate(f.locale, "support.ack.emailSubject", { number: requestNumber, subject: f.subject }),
            text: `${translate(f.locale, "support.ack.emailGreeting", { name: contact.displayName })}\n\n${ackText}`,
          },
          now,
        );
      }
    }
    return { ok: true as const, requestNumber, addedTo: false };
  });
  return result;
}

function berlinDay(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, { dateStyle: "long", timeZone: "Europe/Berlin" }).format(instant);
}

// --- The list -----------------------------------------------------------------------------------

export const SUPPORT_PAGE_SIZE = 25;

export interface SupportListItem {
  requestNumber: string;
  category: SupportCategory;
  status: SupportStatus;
  subject: string;
  accountName: string | null;
  caseNumber: string | null;
  receivedAt: string;
  acknowledgeBy: string;
  acknowledgement: PromiseState;
  resolveBy: string | null;
  resolution: PromiseState | null;
}

function itemOf(r: SupportRequestRow, now: Date): SupportListItem {
  return {
    requestNumber: r.requestNumber,
    category: r.category,
    status: r.status,
    subject: r.subject,
    accountName: r.accountName,
    caseNumber: r.caseNumber,
    receivedAt: r.receivedAt,
    acknowledgeBy: r.acknowledgeBy,
    acknowledgement: promiseState(new Date(r.acknowledgeBy), r.acknowledgedAt ? new Date(r.acknowledgedAt) : null, now),
    resolveBy: r.resolveBy,
    resolution: r.resolveBy ? promiseState(new Date(r.resolveBy), r.solvedAt ? new Date(r.solvedAt) : null, now) : null,
  };
}

export async function loadSupportList(
  db: DB,
  actor: Actor,
  cursorText: string | null,
  now: Date,
): Promise<ServiceResult<{ rows: SupportListItem[]; next: string | null; paged: boolean }>> {
  if (!isMerchantRole(actor.role)) return notMerchant();
  const parts = decodeCursor(cursorText, 2);
  const id = parts ? positiveId(parts[1]) : null;
  const after = parts && isIsoInstant(parts[0]) && id !== null ? { receivedAt: parts[0], id } : null;
  const rows = await listVisibleRequests(db, actor, { after, limit: SUPPORT_PAGE_SIZE + 1 });
  const page = rows.slice(0, SUPPORT_PAGE_SIZE);
  const last = page[page.length - 1];
  const next = rows.length > SUPPORT_PAGE_SIZE && last ? encodeCursor([new Date(last.receivedAt).toISOString(), last.id]) : null;
  return { ok: true, rows: page.map((r) => itemOf(r, now)), next, paged: after !== null };
}

// --- The request page ---------------------------------------------------------------------------

export interface SupportRequestPage {
  request: SupportListItem & {
    description: string;
    replyChannel: ReplyChannel;
    filedByName: string;
    solvedAt: string | null;
    reopenUntil: string | null;
    rating: number | null;
    ratingComment: string | null;
    version: number;
  };
  messages: SupportMessage[];
  attachments: SupportAttachmentInfo[];
  allowed: SupportEventType[];
  statement: { id: number; month: string } | null;
  transaction: LinkedTransaction | null;
}

export async function loadRequestPage(
  db: DB,
  actor: Actor,
  requestNumber: string,
  now: Date,
): Promise<ServiceResult<{ page: SupportRequestPage }>> {
  if (!isMerchantRole(actor.role)) return notMerchant();
  const r = await findVisibleRequest(db, actor, requestNumber);
  if (!r) return notFound();
  const messages = await messagesOf(db, r.id, "public");
  const attachments = await attachmentsOfRequest(db, r.id);
  const { statement, transaction } = await linksOf(db, r);
  return {
    ok: true,
    page: {
      request: {
        ...itemOf(r, now),
        description: r.description,
        replyChannel: r.replyChannel,
        filedByName: r.filedByName,
        solvedAt: r.solvedAt,
        reopenUntil: r.solvedAt ? reopenUntil(new Date(r.solvedAt)).toISOString() : null,
        rating: r.rating,
        ratingComment: r.ratingComment,
        version: r.version,
      },
      messages,
      attachments,
      allowed: allowedSupportEvents(snapshotOf(r), { kind: "merchant" }, now),
      statement: statement ? { id: statement.id, month: statement.month } : null,
      transaction,
    },
  };
}

// --- Merchant actions ---------------------------------------------------------------------------

export type MerchantAction =
  | { kind: "reply"; message: string; attachments?: readonly StagedUpload[] }
  | { kind: "confirm" }
  | { kind: "reopen"; message: string }
  | { kind: "rate"; rating: number; comment: string };

/**
 * One merchant action on a visible request, in one transaction: the request is re-read there, the
 * state machine decides, and the change is written only if nobody changed it since the page
 * the merchant acted on (`version`).
 */
export async function actOnRequest(
  db: DB,
  actor: Actor,
  requestNumber: string,
  action: MerchantAction,
  version: number,
  now: Date,
): Promise<ServiceResult<{ requestNumber: string }>> {
  const result = await actAsMerchant(db, actor, requestNumber, action, version, now);
  if (!result.ok && action.kind === "reply") discardUploads(action.attachments ?? []);
  return result;
}

async function actAsMerchant(
  db: DB,
  actor: Actor,
  requestNumber: string,
  action: MerchantAction,
  version: number,
  now: Date,
): Promise<ServiceResult<{ requestNumber: string }>> {
  if (!isMerchantRole(actor.role)) return notMerchant();
  return inRefusableTransaction(db, async (trx) => {
    const r = await findVisibleRequest(trx, actor, requestNumber);
    if (!r) throw new RefusedError(notFound());
    if (r.version !== version) throw new RefusedError(conflict());
    const event: SupportEvent =
      action.kind === "reply"
        ? { type: "merchant_reply" }
        : action.kind === "confirm"
          ? { type: "confirm" }
          : action.kind === "reopen"
            ? { type: "reopen" }
            : { type: "rate", rating: action.rating };
    const result = supportTransition(snapshotOf(r), event, { kind: "merchant" }, now);
    if (!result.ok) throw new RefusedError(refused(400, [{ field: "form", key: `support.refusal.${result.refusal.code}` as MessageKey }]));
    const change: SupportRequestChange = { status: result.status };
    for (const effect of result.effects) {
      if (effect.kind === "set_solved_at") change.solvedAt = effect.at;
      if (effect.kind === "set_rating") {
        change.rating = effect.rating;
        change.ratedAt = now;
        change.ratingComment = action.kind === "rate" && action.comment !== "" ? action.comment : null;
      }
    }
    if (result.status === "closed" && r.status !== "closed") change.closedAt = now;
    if (action.kind === "reopen") change.closedAt = null;
    if (!(await updateRequestIfVersion(trx, r.id, r.version, change, now))) throw new RefusedError(conflict());
    await appendSupportEvent(trx, {
      requestId: r.id,
      at: now,
      actorUserId: actor.userId,
      eventType: result.event.eventType,
      from: result.event.from,
      to: result.event.to,
      details: action.kind === "rate" ? { rating: action.rating } : {},
    });
    if ((action.kind === "reply" || action.kind === "reopen") && action.message !== "") {
      const messageId = await insertMessage(trx, {
        requestId: r.id,
        at: now,
        authorUserId: actor.userId,
        authorKind: "merchant",
        visibility: "public",
        body: action.message,
      });
      if (action.kind === "reply") {
        await storeAttachments(trx, { requestId: r.id, messageId, userId: actor.userId, at: now }, action.attachments ?? []);
      }
    }
    return { ok: true as const, requestNumber: r.requestNumber };
  });
}

/** The merchant's message added to an open request (the duplicate offer accepted), inside the filing transaction. */
async function addMerchantMessage(
  trx: DB,
  actor: Actor,
  requestId: number,
  body: string,
  attachments: readonly StagedUpload[],
  now: Date,
): Promise<void> {
  const r = await loadRequestById(trx, requestId);
  if (!r) throw new RefusedError(notFound());
  const result = supportTransition(snapshotOf(r), { type: "merchant_reply" }, { kind: "merchant" }, now);
  if (!result.ok) throw new RefusedError(conflict());
  if (result.status !== r.status && !(await updateRequestIfVersion(trx, r.id, r.version, { status: result.status }, now))) {
    throw new RefusedError(conflict());
  }
  await appendSupportEvent(trx, {
    requestId: r.id,
    at: now,
    actorUserId: actor.userId,
    eventType: "merchant_reply",
    from: r.status,
    to: result.status,
    details: { duplicateFiled: true },
  });
  const messageId = await insertMessage(trx, {
    requestId: r.id,
    at: now,
    authorUserId: actor.userId,
    authorKind: "merchant",
    visibility: "public",
    body,
  });
  await storeAttachments(trx, { requestId: r.id, messageId, userId: actor.userId, at: now }, attachments);
}

/**
 * The staged files moved into the store and named by the request, under their files' locks: the
 * clean-up job takes the same lock, so it never removes a file between the move and the row.
 */
export async function storeAttachments(
  trx: DB,
  at: { requestId: number; messageId: number | null; userId: number; at: Date },
  files: readonly StagedUpload[],
): Promise<void> {
  if (files.length === 0) return;
  await lockStoredFiles(
    trx,
    files.map((f) => f.sha256),
  );
  await insertSupportAttachments(trx, at, await promoteUploads(files));
}

/** A file of a request the merchant may see; anything else is the same 404. */
export async function supportAttachmentDownload(
  db: DB,
  actor: Actor,
  requestNumber: string,
  idText: string,
): Promise<ServiceResult<AttachmentDownload>> {
  const id = Number(idText);
  if (!isMerchantRole(actor.role) || !/^\d{1,12}$/.test(idText) || !Number.isSafeInteger(id)) return notFound();
  const r = await findVisibleRequest(db, actor, requestNumber);
  const attachment = r ? await findRequestAttachment(db, r.id, id) : undefined;
  return (attachment && storedFileDownload(attachment)) || notFound();
}

export type SupportUpload =
  { ok: true; form: FormData; files: StagedUpload[] } | { ok: false; status: 400 | 413; form: FormData; problems: Problem[] };

/**
 * A support form as posted: multipart with files (the rules of SPEC 3.5, the platform's limits),
 * or a plain form without any. A refused file refuses the form with the fields kept, and no
 * accepted file of it stays staged.
 */
export async function readSupportUpload(db: DB, request: Request): Promise<SupportUpload> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) {
    return { ok: true, form: await readFormData(request), files: [] };
  }
  const limits = await getAttachmentLimits(db);
  const params = { maxMib: Math.round(limits.maxFileBytes / MIB), maxFiles: limits.maxFiles };
  const upload = await parseResponseUpload(request, { limits }).catch((error: unknown) => {
    if (error instanceof RequestTooLargeError) return null;
    throw error;
  });
  if (!upload)
    return {
      ok: false,
      status: 413,
      form: new FormData(),
      problems: [{ field: "attachments", key: "upload.error.requestTooLarge", params }],
    };
  const problems: Problem[] = upload.rejections.map((r) => ({
    field: "attachments",
    key: `upload.error.${r.reason}` as MessageKey,
    params: { file: r.fileName, ...params },
  }));
  if (upload.unreadable) problems.push({ field: "form", key: "upload.error.unreadable" });
  // Files count only from the files input; one posted under a text field's name is refused.
  if (upload.files.some((f) => f.fieldName !== "files")) problems.push({ field: "form", key: "support.error.invalid" });
  if (problems.length > 0) {
    discardUploads(upload.files);
    return { ok: false, status: 400, form: upload.form, problems };
  }
  return { ok: true, form: upload.form, files: upload.files };
}

// --- Closing what the merchant left solved -------------------------------------------------------

/**
 * A solved request the merchant neither confirmed nor reopened within the 14 days closes (the
 * state machine's `close`, by the system). Each in its own transaction over the version read, so a
 * reopening at the same moment wins or waits, and a second run closes nothing again.
 */
export async function closeRequestsPastReopenWindow(db: DB, now: Date): Promise<number> {
  let closed = 0;
  for (const id of await solvedBefore(db, new Date(now.getTime() - REOPEN_WINDOW_DAYS * 86_400_000))) {
    const done = await db.transaction().execute(async (trx) => {
      const r = await loadRequestById(trx, id);
      if (!r) return false;
      const result = supportTransition(snapshotOf(r), { type: "close" }, { kind: "system" }, now);
      if (!result.ok) return false;
      if (!(await updateRequestIfVersion(trx, r.id, r.version, { status: result.status, closedAt: now }, now))) return false;
      await appendSupportEvent(trx, { requestId: r.id, at: now, actorUserId: null, eventType: "close", from: r.status, to: result.status });
      return true;
    });
    if (done) closed++;
  }
  return closed;
}

/** The statement and transaction a request links, read as the request's own facts (its scope was checked). */
export async function linksOf(db: DB, r: SupportRequestRow) {
  return {
    statement: r.statementId ? await loadStatementSummaryById(db, r.statementId) : null,
    transaction: r.transactionId ? await loadTransactionById(db, r.transactionId) : null,
  };
}
