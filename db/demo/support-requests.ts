import { addDays, subDays, subHours, subMonths } from "date-fns";
import { promisesFor } from "../../app/domain/support-rules";
import { requestYear, type ReplyChannel, type SupportCategory, type SupportStatus, type Tier } from "../../app/domain/support-request";
import { appendSupportEvent, insertMessage, insertSupportRequest, nextRequestNumber } from "../../app/models/support.server";
import type { DB } from "../connection";
import type { Locale } from "../schema";
import { idOf, type SeededIds } from "./organisations";

// Demo support requests (issue 14 item 7): every category and state, a complaint close to its
// two-month promise, an acknowledgment broken, one escalated to tier 3; and the desk's templates.

type DemoRequest = {
  filedBy: string;
  account: string | null;
  category: SupportCategory;
  status: SupportStatus;
  tier: Tier;
  channel: ReplyChannel;
  locale: Locale;
  subject: string;
  description: string;
  receivedAt: Date;
  agent: string | null;
  /** Links a decided chargeback: an open case's complaint is the browser tests' to file. */
  linkCase?: boolean;
  /** A request that came in by phone before the portal acknowledged by itself: the ten days passed. */
  unacknowledged?: boolean;
  managementFlag?: boolean;
  solvedDaysAgo?: number;
  rating?: number;
  /** The conversation after filing: [who, visibility, text]. */
  messages: ["merchant" | "agent", "public" | "internal", string][];
};

function demoRequests(now: Date): DemoRequest[] {
  return [
    {
      filedBy: "alpen-muc",
      account: "alpen-muc",
      category: "information",
      status: "received",
      tier: 1,
      channel: "portal",
      locale: "de",
      subject: "Wo finde ich die Abrechnung als PDF?",
      description: "Ich sehe die Abrechnungen, aber nicht den Download.",
      receivedAt: subHours(now, 2),
      agent: null,
      messages: [],
    },
    {
      filedBy: "noord-ams",
      account: "noord-ams",
      category: "access",
      status: "in_progress",
      tier: 1,
      channel: "email",
      locale: "nl",
      subject: "Nieuwe collega heeft geen toegang",
      description: "Onze nieuwe medewerker kan niet inloggen met de uitnodiging.",
      receivedAt: subDays(now, 1),
      agent: "support-n1",
      messages: [["agent", "public", "Wij bekijken de uitnodiging; u hoort vandaag van ons."]],
    },
    {
      filedBy: "alpen-hq",
      account: null,
      category: "change",
      status: "waiting_for_merchant",
      tier: 1,
      channel: "portal",
      locale: "en",
      subject: "Export of cases per region",
      description: "Could the case export be filtered by our regions?",
      receivedAt: subDays(now, 4),
      agent: "support-n1",
      messages: [["agent", "public", "Which regions do you mean: your own grouping of locations, or countries?"]],
    },
    {
      filedBy: "noord-hq",
      account: null,
      category: "incident",
      status: "in_progress",
      tier: 3,
      channel: "email",
      locale: "en",
      subject: "Webhook deliveries time out since Tuesday",
      description: "Our endpoint receives nothing since Tuesday; the log shows timeouts.",
      receivedAt: subDays(now, 6),
      agent: "support-n3",
      managementFlag: true,
      messages: [
        ["agent", "internal", "Tier 1: reproduced, endpoint answers slowly. Escalated."],
        ["agent", "internal", "Tier 2: not their side, our egress proxy drops long requests. Tier 3 please."],
        ["agent", "public", "We found a fault on our side and are fixing it."],
      ],
    },
    {
      filedBy: "noord-ams",
      account: "noord-ams",
      category: "complaint",
      status: "in_progress",
      tier: 2,
      channel: "portal",
      locale: "en",
      subject: "Chargeback decided without looking at our receipt",
      description: "We uploaded the signed receipt, but the chargeback was lost.",
      // Two months less a day ago: the complaint promise falls due tomorrow.
      receivedAt: addDays(subMonths(now, 2), 1),
      agent: "support-n2",
      linkCase: true,
      messages: [
        ["agent", "public", "Thank you; we are checking the decision with the disputes team."],
        ["agent", "internal", "Asked the disputes team for the review notes."],
      ],
    },
    {
      filedBy: "alpen-muc",
      account: "alpen-muc",
      category: "information",
      status: "received",
      tier: 1,
      channel: "phone",
      locale: "de",
      subject: "Rückruf zur Kartenprüfung",
      description: "Bitte rufen Sie mich wegen der Kartenprüfzahl zurück.",
      receivedAt: subDays(now, 12),
      agent: null,
      unacknowledged: true,
      messages: [],
    },
    {
      filedBy: "noord-ams",
      account: "noord-ams",
      category: "information",
      status: "solved",
      tier: 1,
      channel: "portal",
      locale: "en",
      subject: "How long do we have to answer an inquiry?",
      description: "The inquiry shows a date; is that the last day?",
      receivedAt: subDays(now, 5),
      agent: "support-n1",
      solvedDaysAgo: 2,
      messages: [["agent", "public", "Yes: the respond-by date is the last day, until midnight in your location's time zone."]],
    },
    {
      filedBy: "alpen-hq",
      account: null,
      category: "access",
      status: "closed",
      tier: 1,
      channel: "email",
      locale: "de",
      subject: "Benutzer sperren",
      description: "Bitte sperren Sie den Zugang einer ausgeschiedenen Mitarbeiterin.",
      receivedAt: subDays(now, 20),
      agent: "support-n1",
      solvedDaysAgo: 18,
      rating: 5,
      messages: [
        ["agent", "public", "Als Administrator können Sie das selbst unter Einstellungen → Benutzer; wir haben es für Sie erledigt."],
        ["merchant", "public", "Danke, das ging schnell."],
      ],
    },
  ];
}

const TEMPLATES: { locale: Locale; name: string; body: string }[] = [
  {
    locale: "en",
    name: "Looking into it",
    body: "Dear {merchantName},\n\nthank you for request {requestNumber}. We are looking into it and will answer within two working days.",
  },
  {
    locale: "en",
    name: "Complaint about a case",
    body: "Dear {merchantName},\n\nwe have checked case {caseNumber} with the disputes team. Here is what we found:\n\n",
  },
  {
    locale: "de",
    name: "Wir kümmern uns",
    body: "Guten Tag {merchantName},\n\nvielen Dank für Ihre Anfrage {requestNumber}. Wir kümmern uns darum und antworten innerhalb von zwei Werktagen.",
  },
  {
    locale: "nl",
    name: "We zoeken het uit",
    body: "Beste {merchantName},\n\nbedankt voor verzoek {requestNumber}. We zoeken het uit en antwoorden binnen twee werkdagen.",
  },
];

export async function seedSupportRequestsDemo(db: DB, ids: SeededIds, now: Date): Promise<void> {
  const agentOf = (username: string | null) => (username ? idOf(ids.users, username) : null);
  for (const r of demoRequests(now)) {
    const promises = promisesFor(r.category, r.receivedAt);
    const filedBy = idOf(ids.users, r.filedBy);
    const organisation = await db.selectFrom("users").select("organisation_id").where("id", "=", filedBy).executeTakeFirstOrThrow();
    const accountId = r.account ? idOf(ids.accounts, r.account) : null;
    const linkedCase =
      r.linkCase && accountId !== null
        ? await db
            .selectFrom("cases")
            .select("id")
            .where("account_id", "=", accountId)
            .where("type", "=", "chargeback")
            .where("status", "=", "closed")
            .orderBy("id")
            .executeTakeFirst()
        : undefined;
    const requestNumber = await nextRequestNumber(db, requestYear(r.receivedAt));
    const requestId = await insertSupportRequest(db, {
      requestNumber,
      organisationId: organisation.organisation_id!,
      accountId,
      filedByUserId: filedBy,
      category: r.category,
      subject: r.subject,
      description: r.description,
      replyChannel: r.channel,
      locale: r.locale,
      caseId: linkedCase?.id ?? null,
      assignedUserId: agentOf(r.agent),
      receivedAt: r.receivedAt,
      acknowledgeBy: promises.acknowledgeBy,
      acknowledgedAt: r.unacknowledged ? null : r.receivedAt,
      resolveBy: promises.resolveBy,
    });
    await appendSupportEvent(db, { requestId, at: r.receivedAt, actorUserId: filedBy, eventType: "filed", from: null, to: "received" });
    const step = (hours: number) => new Date(r.receivedAt.getTime() + hours * 3_600_000);
    let hour = 1;
    if (r.tier > 1) {
      for (let tier = 1; tier < r.tier; tier += 1) {
        await appendSupportEvent(db, {
          requestId,
          at: step(hour++),
          actorUserId: agentOf(`support-n${tier}`),
          eventType: "escalate",
          from: "in_progress",
          to: "in_progress",
          details: { fromTier: tier, toTier: tier + 1 },
        });
      }
    }
    let firstResponse: Date | null = null;
    for (const [who, visibility, body] of r.messages) {
      const at = step(hour++);
      if (who === "agent" && visibility === "public") firstResponse ??= at;
      await insertMessage(db, {
        requestId,
        at,
        authorUserId: who === "merchant" ? filedBy : agentOf(r.agent),
        authorKind: who,
        visibility,
        body,
      });
    }
    const solvedAt = r.solvedDaysAgo !== undefined ? subDays(now, r.solvedDaysAgo) : null;
    if (solvedAt)
      await appendSupportEvent(db, {
        requestId,
        at: solvedAt,
        actorUserId: agentOf(r.agent),
        eventType: "solve",
        from: "in_progress",
        to: "solved",
      });
    if (r.unacknowledged) {
      await appendSupportEvent(db, {
        requestId,
        at: promises.acknowledgeBy,
        actorUserId: null,
        eventType: "promise_breached",
        from: r.status,
        to: r.status,
        details: { promise: "acknowledge" },
      });
    }
    await db
      .updateTable("support_requests")
      .set({
        status: r.status,
        tier: r.tier,
        management_flag: r.managementFlag ? 1 : 0,
        first_response_at: firstResponse?.toISOString() ?? null,
        solved_at: solvedAt?.toISOString() ?? null,
        closed_at: r.status === "closed" && solvedAt ? subDays(solvedAt, -1).toISOString() : null,
        rating: r.rating ?? null,
        rated_at: r.rating && solvedAt ? solvedAt.toISOString() : null,
        acknowledge_breached_at: r.unacknowledged ? promises.acknowledgeBy.toISOString() : null,
      })
      .where("id", "=", requestId)
      .execute();
  }
  for (const t of TEMPLATES) {
    await db
      .insertInto("support_reply_templates")
      .values({ ...t, updated_by_user_id: idOf(ids.users, "support-n1"), updated_at: now.toISOString() })
      .execute();
  }
}
