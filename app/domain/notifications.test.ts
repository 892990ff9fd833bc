import { describe, expect, it } from "vitest";
import {
  afterDeliveryTry,
  categoriesFor,
  chooseDeskRecipients,
  chooseSupportReplyRecipients,
  excerptOf,
  casePath,
  categoryFor,
  digestSlot,
  digestTimeZone,
  renderDigestEmail,
  chooseRecipients,
  effectivePreferences,
  emailKey,
  escapeHtml,
  formatRespondBy,
  isResponseForReview,
  isRetryableStatus,
  messageKindFor,
  noticeKey,
  renderCaseEmail,
  renderNotification,
  retryDelayMs,
  RETRY_CAP_MS,
  type CaseFacts,
  type Preferences,
} from "./notifications";
import type { Actor } from "./permissions";

const ALPEN = 1;
const NOORD = 2;
const MUC = 11;
const GAP = 12;
const AMS = 21;

const actors: Actor[] = [
  { userId: 1, role: "org_admin", organisationId: ALPEN, assignedAccountIds: [] }, // alpen-hq
  { userId: 2, role: "location", organisationId: ALPEN, assignedAccountIds: [MUC] }, // alpen-muc
  { userId: 3, role: "location", organisationId: ALPEN, assignedAccountIds: [GAP] }, // another location
  { userId: 4, role: "head_office", organisationId: NOORD, assignedAccountIds: [] },
  { userId: 5, role: "location", organisationId: NOORD, assignedAccountIds: [AMS] },
  { userId: 6, role: "analyst", organisationId: null, assignedAccountIds: [] },
  { userId: 7, role: "admin", organisationId: null, assignedAccountIds: [] },
];

function recipients(overrides: Partial<Parameters<typeof chooseRecipients>[0]> = {}) {
  return chooseRecipients({
    candidates: actors,
    account: { accountId: MUC, organisationId: ALPEN },
    category: "new_chargeback",
    responseForReview: false,
    actorUserId: null,
    preferences: new Map(),
    ...overrides,
  });
}

describe("categories", () => {
  it("maps a new case to the category of its type, and updates and urgent cases to theirs", () => {
    expect(categoryFor("new_case", "inquiry")).toBe("new_inquiry");
    expect(categoryFor("new_case", "chargeback")).toBe("new_chargeback");
    expect(categoryFor("case_update", "inquiry")).toBe("case_update");
    expect(categoryFor("urgent", "chargeback")).toBe("urgent");
    expect(messageKindFor("urgent", "inquiry", "flag")).toBe("urgent_flag");
    expect(messageKindFor("urgent", "inquiry", "window")).toBe("urgent_window");
  });

  it("defaults every category to on for both channels", () => {
    const prefs = effectivePreferences({ new_chargeback: { inApp: true, email: false, daily: false } });
    expect(prefs.new_chargeback).toEqual({ inApp: true, email: false, daily: false });
    expect(prefs.payment).toEqual({ inApp: true, email: true, daily: false });
    expect(Object.keys(prefs)).toEqual([
      "new_inquiry",
      "new_chargeback",
      "case_update",
      "urgent",
      "reminders",
      "payment",
      "support_replies",
      "support_promises",
    ]);
    expect(prefs.support_replies).toEqual({ inApp: true, email: true, daily: false });
  });

  it("offers merchants the support replies and only the desk its promises", () => {
    expect(categoriesFor("location")).toContain("support_replies");
    expect(categoriesFor("org_admin")).not.toContain("support_promises");
    expect(categoriesFor("support")).toEqual(["support_promises"]);
    expect(categoriesFor("analyst")).not.toContain("support_replies");
  });
});

describe("support notices", () => {
  const candidates = [
    { userId: 1, role: "location" as const, organisationId: 7 }, // the filer
    { userId: 2, role: "location" as const, organisationId: 7 }, // a colleague at the location
    { userId: 3, role: "head_office" as const, organisationId: 7 },
    { userId: 4, role: "org_admin" as const, organisationId: 7 },
    { userId: 5, role: "head_office" as const, organisationId: 8 },
    { userId: 6, role: "support" as const, organisationId: null },
  ];
  const request = { organisationId: 7, filedByUserId: 1, replyChannel: "portal" as const };

  it("reach the filer and the organisation's head office, nobody else", () => {
    const chosen = chooseSupportReplyRecipients({ candidates, request, preferences: new Map() });
    expect(chosen.map((d) => d.userId)).toEqual([1, 3, 4]);
    expect(chosen.every((d) => d.inApp && d.email === "instant" && d.reason === "category")).toBe(true);
  });

  it("follow the preferences, but email the filer who asked for email whatever they chose", () => {
    const off = { inApp: false, email: false, daily: false };
    const preferences = new Map([
      [1, { support_replies: off }],
      [3, { support_replies: { inApp: true, email: true, daily: true } }],
      [4, { support_replies: off }],
    ]);
    expect(chooseSupportReplyRecipients({ candidates, request, preferences })).toEqual([
      { userId: 3, inApp: true, email: "digest", reason: "category" },
    ]);
    expect(chooseSupportReplyRecipients({ candidates, request: { ...request, replyChannel: "email" }, preferences })).toEqual([
      { userId: 1, inApp: false, email: "instant", reason: "reply_channel" },
      { userId: 3, inApp: true, email: "digest", reason: "category" },
    ]);
  });

  it("tell the desk's holder and tier lead once each", () => {
    expect(chooseDeskRecipients({ assignedUserId: 6, leadUserIds: [6, 9], preferences: new Map() }).map((d) => d.userId)).toEqual([6, 9]);
    expect(chooseDeskRecipients({ assignedUserId: null, leadUserIds: [], preferences: new Map() })).toEqual([]);
  });

  it("render in the reader's language and cut a long message", () => {
    const facts = {
      requestNumber: "SR-2026-000001",
      subject: "Login",
      timeZone: "Europe/Berlin",
      promise: "resolve" as const,
      dueAt: "2026-03-31T21:59:59.999Z",
      tier: 2,
    };
    expect(renderNotification("support_promise_breached", facts, "en")).toEqual({
      title: "Promise broken: the complaint SR-2026-000001 was not handled by 31 March 2026, 23:59 (Europe/Berlin)",
      summary: "Login · tier 2",
    });
    expect(renderNotification("support_promise_warning", { ...facts, promise: "acknowledge" }, "nl").title).toContain("SR-2026-000001");
    const long = "word ".repeat(100);
    expect(excerptOf(long).length).toBeLessThanOrEqual(161);
    expect(excerptOf(long).endsWith("…")).toBe(true);
  });
});

describe("recipients", () => {
  it("are the location of the account and the head office of its organisation, nobody else", () => {
    expect(recipients().map((r) => r.userId)).toEqual([1, 2]);
    expect(recipients().every((r) => r.audience === "merchant")).toBe(true);
  });

  it("never include the user who made the change", () => {
    expect(recipients({ actorUserId: 2, category: "case_update" }).map((r) => r.userId)).toEqual([1]);
  });

  it("respect each user's channels, and leave out users with both off", () => {
    const preferences = new Map<number, Preferences>([
      [1, { new_chargeback: { inApp: false, email: false, daily: false } }],
      [2, { new_chargeback: { inApp: true, email: false, daily: false }, urgent: { inApp: false, email: false, daily: false } }],
    ]);
    expect(recipients({ preferences })).toEqual([
      { userId: 2, audience: "merchant", channels: { inApp: true, email: false, daily: false } },
    ]);
    // Another category of the same user is untouched.
    expect(recipients({ preferences, category: "new_inquiry" }).map((r) => r.userId)).toEqual([1, 2]);
  });

  it("add the analysts for a response awaiting review only, and never the platform operator", () => {
    const update = recipients({ category: "case_update", responseForReview: true, actorUserId: 2 });
    expect(update.map((r) => [r.userId, r.audience])).toEqual([
      [1, "merchant"],
      [6, "analyst"],
    ]);
    expect(recipients({ category: "case_update" }).map((r) => r.userId)).toEqual([1, 2]);
    expect(recipients({ category: "urgent" }).map((r) => r.userId)).toEqual([1, 2]);
  });

  it("recognise a response for review by the status it led to", () => {
    expect(isResponseForReview({ eventType: "respond", toStatus: "under_review" })).toBe(true);
    expect(isResponseForReview({ eventType: "respond", toStatus: "closed" })).toBe(false);
    expect(isResponseForReview({ eventType: "decide", toStatus: "closed" })).toBe(false);
  });

  it("open the case where each audience works on it", () => {
    expect(casePath("merchant", "CB-2026-000001")).toBe("/disputes/CB-2026-000001");
    expect(casePath("analyst", "CB-2026-000001")).toBe("/review/CB-2026-000001");
  });
});

describe("keys", () => {
  it("make one notice one key, and a new urgent window a new key", () => {
    expect(noticeKey({ kind: "case_update", caseEventId: 42 })).toBe("case-event:42");
    expect(emailKey(noticeKey({ kind: "case_update", caseEventId: 42 }), 7)).toBe("case-event:42:user:7");
    const a = noticeKey({ kind: "urgent", caseId: 3, reason: "window", respondBy: "2026-12-01T22:59:59.999Z" });
    const b = noticeKey({ kind: "urgent", caseId: 3, reason: "window", respondBy: "2026-12-11T22:59:59.999Z" });
    expect(a).not.toBe(b);
    expect(a).toBe(noticeKey({ kind: "urgent", caseId: 3, reason: "window", respondBy: "2026-12-01T22:59:59.999Z" }));
  });
});

const facts: CaseFacts = {
  caseNumber: "CB-2026-000042",
  caseType: "chargeback",
  accountName: "Alpenblick Hotel <München> & Co",
  amountMinor: 123456,
  currency: "EUR",
  respondBy: "2026-03-30T21:59:59.999Z",
  timeZone: "Europe/Berlin",
  toStatus: "awaiting_response",
};

describe("messages", () => {
  it("show the respond-by in the account's time zone, with the zone named, across daylight saving", () => {
    expect(formatRespondBy("2026-03-30T21:59:59.999Z", "Europe/Berlin", "en")).toBe("30 March 2026, 23:59 (Europe/Berlin)");
    expect(formatRespondBy("2026-03-28T22:59:59.999Z", "Europe/Berlin", "de")).toBe("28. März 2026, 23:59 (Europe/Berlin)");
    expect(formatRespondBy("2026-03-31T03:59:59.999Z", "America/New_York", "en")).toBe("30 March 2026, 23:59 (America/New_York)");
  });

  it("render in English and German", () => {
    expect(renderNotification("new_chargeback", facts, "en")).toEqual({
      title: "New chargeback CB-2026-000042",
      summary: "Alpenblick Hotel <München> & Co · €1,234.56 · respond by 30 March 2026, 23:59 (Europe/Berlin)",
    });
    expect(renderNotification("new_chargeback", facts, "de").title).toBe("Neue Rückbelastung CB-2026-000042");
    expect(renderNotification("new_chargeback", facts, "de").summary).toMatch(/1\.234,56\s€/);
    const decided = { ...facts, eventType: "decide", toStatus: "closed", outcome: "won" };
    expect(renderNotification("case_update", decided, "en")).toEqual({
      title: "CB-2026-000042: Decision: won, the chargeback is reversed",
      summary: "Alpenblick Hotel <München> & Co · €1,234.56",
    });
    expect(renderNotification("case_update", { ...facts, eventType: "something_new" }, "de").title).toBe(
      "CB-2026-000042: Der Fall wurde geändert",
    );
  });

  it("write emails in plain text and HTML with every value escaped", () => {
    const email = renderCaseEmail({
      kind: "case_update",
      category: "case_update",
      facts: { ...facts, eventType: "request_information", note: "Please send the <b>signed</b> receipt" },
      locale: "de",
      recipientName: 'Max "Maxi" Bauer',
      caseUrl: "https://portal.example/disputes/CB-2026-000042?x=1&y=2",
      settingsUrl: "https://portal.example/settings/notifications",
    });
    expect(email.subject).toBe("CB-2026-000042: Das Dispute-Team bittet um weitere Informationen");
    expect(email.text).toContain('Guten Tag Max "Maxi" Bauer,');
    expect(email.text).toContain("Vertragskonto: Alpenblick Hotel <München> & Co");
    expect(email.text).toMatch(/Strittiger Betrag: 1\.234,56\s€/);
    expect(email.text).toContain("Antworten bis: 30. März 2026, 23:59 (Europe/Berlin)");
    expect(email.text).toContain("Please send the <b>signed</b> receipt");
    expect(email.text).toContain("Fall öffnen: https://portal.example/disputes/CB-2026-000042?x=1&y=2");
    expect(email.html).toContain("Alpenblick Hotel &lt;München&gt; &amp; Co");
    expect(email.html).toContain("Please send the &lt;b&gt;signed&lt;/b&gt; receipt");
    expect(email.html).toContain("Max &quot;Maxi&quot; Bauer");
    expect(email.html).toContain('href="https://portal.example/disputes/CB-2026-000042?x=1&amp;y=2"');
    expect(email.html).not.toContain("<b>signed");
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  });
});

describe("messages in Dutch", () => {
  const amsterdam: CaseFacts = {
    ...facts,
    caseType: "inquiry",
    caseNumber: "INQ-2026-000007",
    accountName: "Noordzee Amsterdam",
    timeZone: "Europe/Amsterdam",
  };

  it("write the respond-by with Dutch month names and the amount the Dutch way", () => {
    expect(formatRespondBy("2026-03-30T21:59:59.999Z", "Europe/Amsterdam", "nl")).toBe("30 maart 2026, 23:59 (Europe/Amsterdam)");
    expect(renderNotification("new_inquiry", amsterdam, "nl")).toEqual({
      title: "Nieuw informatieverzoek INQ-2026-000007",
      summary: "Noordzee Amsterdam · €\u00a01.234,56 · reageren vóór 30 maart 2026, 23:59 (Europe/Amsterdam)",
    });
    expect(renderNotification("urgent_window", amsterdam, "nl").title).toBe(
      "Dringend: reageren op INQ-2026-000007 vóór 30 maart 2026, 23:59 (Europe/Amsterdam)",
    );
  });

  it("write a case email in Dutch", () => {
    const email = renderCaseEmail({
      kind: "case_update",
      category: "case_update",
      facts: { ...amsterdam, eventType: "request_information", note: "Stuur het ondertekende bonnetje" },
      locale: "nl",
      recipientName: "Daan Jansen",
      caseUrl: "https://portal.example/disputes/INQ-2026-000007",
      settingsUrl: "https://portal.example/settings/notifications",
    });
    expect(email.subject).toBe("INQ-2026-000007: Het geschillenteam vraagt om meer informatie");
    expect(email.text).toContain("Beste Daan Jansen,");
    expect(email.text).toContain("Locatie: Noordzee Amsterdam");
    expect(email.text).toContain("Betwist bedrag: €\u00a01.234,56");
    expect(email.text).toContain("Reageren vóór: 30 maart 2026, 23:59 (Europe/Amsterdam)");
    expect(email.text).toContain("Zaak openen: https://portal.example/disputes/INQ-2026-000007");
    expect(email.text).toContain("„Wijzigingen in zaken”");
    expect(email.html).toContain('lang="nl"');
  });

  it("write the daily digest in Dutch", () => {
    const digest = renderDigestEmail({
      locale: "nl",
      recipientName: "Daan Jansen",
      day: "2026-03-02",
      entries: [{ kind: "new_inquiry", facts: amsterdam, url: "https://portal.example/disputes/INQ-2026-000007" }],
      settingsUrl: "https://portal.example/settings/notifications",
    });
    expect(digest.subject).toBe("Uw dagelijkse overzicht van geschillen, 2 maart 2026 (1)");
    expect(digest.text).toContain("* Nieuw informatieverzoek INQ-2026-000007");
  });
});

describe("delivery retries", () => {
  it("wait exponentially longer, with jitter, up to an hour", () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(30_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(45_000);
    expect(retryDelayMs(3, () => 0)).toBe(60_000);
    expect(retryDelayMs(40, () => 1)).toBe(RETRY_CAP_MS);
    const spread = new Set([0, 0.25, 0.5, 0.75].map((r) => retryDelayMs(4, () => r)));
    expect(spread.size).toBe(4);
  });

  it("retry timeouts, rate limits and server errors, not answers that would fail again", () => {
    for (const status of [408, 409, 429, 500, 502, 503]) expect(isRetryableStatus(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 422]) expect(isRetryableStatus(status)).toBe(false);
  });

  it("fail after the last attempt", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const failing = { ok: false as const, error: "HTTP 503", retryable: true };
    expect(afterDeliveryTry({ attempts: 7, result: failing, now, random: () => 0 })).toEqual({
      kind: "retry",
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(7, () => 0)),
      error: "HTTP 503",
    });
    expect(afterDeliveryTry({ attempts: 8, result: failing, now, random: () => 0 })).toEqual({ kind: "failed", error: "HTTP 503" });
    expect(afterDeliveryTry({ attempts: 1, result: { ok: false, error: "HTTP 400", retryable: false }, now, random: () => 0 }).kind).toBe(
      "failed",
    );
    expect(afterDeliveryTry({ attempts: 3, result: { ok: true }, now, random: () => 0 })).toEqual({ kind: "sent" });
  });
});

describe("daily digest", () => {
  it("is due from 08:00 in the user's zone, for the latest day whose 08:00 has passed", () => {
    // 06:59 UTC = 07:59 in Berlin (winter): still yesterday's slot.
    expect(digestSlot(new Date("2026-11-24T06:59:00Z"), "Europe/Berlin")).toEqual({
      day: "2026-11-23",
      cutoff: new Date("2026-11-23T07:00:00Z"),
    });
    expect(digestSlot(new Date("2026-11-24T07:00:00Z"), "Europe/Berlin")).toEqual({
      day: "2026-11-24",
      cutoff: new Date("2026-11-24T07:00:00Z"),
    });
    // New York: 08:00 EST is 13:00 UTC.
    expect(digestSlot(new Date("2026-11-24T12:59:00Z"), "America/New_York").day).toBe("2026-11-23");
    expect(digestSlot(new Date("2026-11-24T13:00:00Z"), "America/New_York").day).toBe("2026-11-24");
    // The day clocks go forward in Berlin: 08:00 CEST is 06:00 UTC.
    expect(digestSlot(new Date("2026-03-29T06:00:00Z"), "Europe/Berlin").cutoff).toEqual(new Date("2026-03-29T06:00:00Z"));
    expect(digestTimeZone([])).toBe("UTC");
    expect(digestTimeZone(["Europe/Vienna", "Europe/Berlin"])).toBe("Europe/Vienna");
  });

  it("summarises the cases in one email, escaped, in the user's language", () => {
    const email = renderDigestEmail({
      locale: "de",
      recipientName: "Anna Huber",
      day: "2026-11-24",
      entries: [
        { kind: "new_chargeback", facts, url: "https://portal.example/disputes/CB-2026-000042" },
        { kind: "urgent_window", facts, url: "https://portal.example/disputes/CB-2026-000042" },
      ],
      settingsUrl: "https://portal.example/settings/notifications",
    });
    expect(email.subject).toBe("Ihre tägliche Zusammenfassung der Streitfälle, 24. November 2026 (2)");
    expect(email.text).toContain("* Neue Rückbelastung CB-2026-000042");
    expect(email.text).toContain("* Dringend: CB-2026-000042 ist fällig bis 30. März 2026, 23:59 (Europe/Berlin)");
    expect(email.html).toContain("Alpenblick Hotel &lt;München&gt; &amp; Co");
    expect(email.html).not.toContain("<München>");
  });
});
