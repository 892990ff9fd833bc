// The bench's floor on PostgreSQL: tests/bench/floor.ts with the same hand-written queries through
// `pg` directly (named prepared statements, a pool of as many connections as the portal's), the
// same pages rendered with renderToString in a bare node:http server, the same session check.
// Where SQLite and PostgreSQL differ only the spelling changes (a first page starts after
// '-infinity' instead of '', a boolean sum is a filtered count).
// Env: DATABASE_URL, PORT, FLOOR_ORGANISATION (the head office's organisation id).
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { createElement as h, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { postgresPool } from "../../db/connection";

// The portal's pool and type parsers (timestamps read back as ISO text, counts as numbers).
const pool = postgresPool(process.env.DATABASE_URL ?? "");
const organisationId = Number(process.env.FLOOR_ORGANISATION ?? 1);
const PAGE = 25;
const OPEN = ["awaiting_response", "under_review"] as const;

type Row = Record<string, string | number | null | undefined>;

function statement(name: string, text: string): (...values: unknown[]) => Promise<Row[]> {
  return async (...values) => (await pool.query<Row>({ name, text, values })).rows;
}

// One walk of the organisation's (status, respond_by, id) index per open status; the two merged.
const openCasesPage = statement(
  "open_cases_page",
  `select c.id, c.case_number, c.type, c.status, c.disputed_amount_minor, c.currency, c.reason_code, c.reason_text,
    c.respond_by, c.urgent_flag, a.name as account_name, t.card_last4
  from (${OPEN.map(
    (s) => `(select id, respond_by from cases
      where status = '${s}' and (respond_by, id) > ($1::timestamptz, $2::integer) and organisation_id = $3
      order by respond_by, id limit ${PAGE + 1})`,
  ).join(" union all ")}) p
  join cases c on c.id = p.id join accounts a on a.id = c.account_id join transactions t on t.id = c.transaction_id
  order by c.respond_by, c.id limit ${PAGE + 1}`,
);
const organisationAccounts = statement(
  "organisation_accounts",
  `select id, name, merchant_number from accounts where organisation_id = $1 order by name`,
);
// The overview from the counters the database keeps (case_counts) and one index range for the
// clock-bound columns: the best the schema allows, so the ratio is not flattered by a full aggregate.
const overview = statement(
  "overview",
  `select a.id, a.name, a.merchant_number, a.currency,
    coalesce(sum(case when k.type = 'inquiry' and k.status != 'closed' then k.cases end), 0) as open_inquiries,
    coalesce(sum(case when k.type = 'chargeback' and k.status != 'closed' then k.cases end), 0) as open_chargebacks,
    coalesce(sum(case when k.status != 'closed' then k.amount_minor end), 0) as at_risk,
    coalesce(sum(case when k.outcome = 'won' then k.cases end), 0) as won,
    coalesce(sum(case when k.outcome in ('lost', 'expired') then k.cases end), 0) as lost
  from accounts a left join case_counts k on k.account_id = a.id
  where a.organisation_id = $1 group by a.id order by a.name`,
);
const overviewDue = statement(
  "overview_due",
  `select account_id, count(*) filter (where respond_by >= $1) as due_soon, count(*) filter (where respond_by < $1) as overdue
  from cases where organisation_id = $3 and status = 'awaiting_response' and respond_by <= $2 group by account_id`,
);
const reviewPage = statement(
  "review_page",
  `select c.id, c.case_number, c.type, c.urgent_flag, c.disputed_amount_minor, c.currency, c.reason_code, c.reason_text,
    c.last_response_at, a.name as account_name, o.name as organisation_name, t.card_last4
  from cases c join accounts a on a.id = c.account_id join organisations o on o.id = a.organisation_id
    join transactions t on t.id = c.transaction_id
  where c.status = 'under_review' order by c.last_response_at, c.id limit 51`,
);
// The queue's filter choices, from the set of reason codes the database keeps.
const reviewReasons = statement("review_reasons", `select reason_code from case_reason_codes order by reason_code limit 200`);
const reviewOrganisations = statement(
  "review_organisations",
  `select o.id, o.name from organisations o where exists (select 1 from accounts a where a.organisation_id = o.id) order by o.name`,
);
const caseByNumber = statement(
  "case_by_number",
  `select c.*, a.name as account_name, a.merchant_number, a.time_zone, t.occurred_at, t.amount_minor, t.card_last4,
    t.network_reference, t.description
  from cases c join accounts a on a.id = c.account_id join transactions t on t.id = c.transaction_id
  where c.case_number = $1 and a.organisation_id = $2`,
);
const caseEvents = statement(
  "case_events",
  `select id, at, event_type, from_status, to_status, outcome from case_events where case_id = $1 order by id`,
);
const caseAttachments = statement(
  "case_attachments",
  `select id, original_name, media_type, size_bytes, uploaded_at from case_attachments where case_id = $1 order by id`,
);
const statementsPage = statement(
  "statements_page",
  `select s.id, s.account_id, s.month, s.net_minor, s.currency, s.delivered_on_paper, a.name as account_name
  from statements s join accounts a on a.id = s.account_id
  where a.organisation_id = $1 order by s.month desc, s.account_id limit 51`,
);
const paperlessSettings = statement(
  "paperless_settings",
  `select a.id, a.name, a.merchant_number, a.paperless,
    (select e.at from paperless_enrolments e where e.account_id = a.id order by e.at desc, e.id desc limit 1) as changed_at
  from accounts a where a.organisation_id = $1 order by a.name`,
);

// Every portal page first finds who is asking: the floor does too (cookie, session row, user).
const sessionUser = statement(
  "session_user",
  `select s.secret_hash, u.id, u.role, u.organisation_id from sessions s join users u on u.id = s.user_id
  where s.id = $1 and s.expires_at > $2 and u.deactivated_at is null`,
);

async function signedIn(cookieHeader: string | undefined): Promise<boolean> {
  const raw = /(?:^|;\s*)portal_session=([^;]+)/.exec(cookieHeader ?? "")?.[1];
  if (!raw) return false;
  const token = JSON.parse(Buffer.from(decodeURIComponent(raw), "base64").toString("utf8")) as unknown;
  const [id, secret] = typeof token === "string" ? token.split(".") : [];
  if (!id || !secret) return false;
  const [row] = await sessionUser(id, new Date().toISOString());
  if (!row) return false;
  const given = Buffer.from(createHash("sha256").update(secret).digest("hex"));
  const stored = Buffer.from(String(row.secret_hash));
  return given.length === stored.length && timingSafeEqual(given, stored);
}

function table(columns: string[], rows: Row[]): ReactNode {
  return h(
    "table",
    null,
    h("thead", null, h("tr", null, ...columns.map((c) => h("th", { key: c }, c)))),
    h("tbody", null, ...rows.map((r, i) => h("tr", { key: i }, ...columns.map((c) => h("td", { key: c }, String(r[c] ?? "")))))),
  );
}

function page(title: string, ...body: ReactNode[]): string {
  return `<!doctype html>${renderToString(h("html", null, h("head", null, h("title", null, title)), h("body", null, h("h1", null, title), ...body)))}`;
}

function options(rows: Row[]): ReactNode {
  return h("select", null, ...rows.map((r) => h("option", { key: String(r.id), value: String(r.id) }, String(r.name))));
}

async function disputes(url: URL): Promise<string> {
  const [respondBy, id] = (url.searchParams.get("after") ?? "~0").split("~");
  const [rows, accounts] = await Promise.all([
    openCasesPage(respondBy || "-infinity", Number(id), organisationId),
    organisationAccounts(organisationId),
  ]);
  const shown = rows.slice(0, PAGE);
  const last = shown.at(-1);
  const next = rows.length > PAGE && last ? `/disputes?after=${encodeURIComponent(`${last.respond_by}~${last.id}`)}` : null;
  return page(
    "Disputes",
    options(accounts),
    table(
      ["case_number", "type", "status", "account_name", "card_last4", "disputed_amount_minor", "currency", "reason_text", "respond_by"],
      shown,
    ),
    next ? h("a", { href: next }, "Next") : null,
  );
}

async function route(url: URL): Promise<string | null> {
  if (url.pathname === "/disputes") return disputes(url);
  if (url.pathname === "/overview") {
    const now = new Date();
    const dueBy = new Date(now.getTime() + 4 * 86_400_000).toISOString();
    const [dueRows, overviewRows] = await Promise.all([overviewDue(now.toISOString(), dueBy, organisationId), overview(organisationId)]);
    const due = new Map(dueRows.map((r) => [r.account_id, r]));
    const rows = overviewRows.map((r) => ({
      ...r,
      due_soon: due.get(r.id)?.due_soon ?? 0,
      overdue: due.get(r.id)?.overdue ?? 0,
    }));
    const columns = ["name", "merchant_number", "open_inquiries", "open_chargebacks", "due_soon", "overdue", "at_risk", "won", "lost"];
    return page("Overview", table(columns, rows));
  }
  if (url.pathname === "/review") {
    const [reasonRows, organisations, review] = await Promise.all([reviewReasons(), reviewOrganisations(), reviewPage()]);
    const reasons = reasonRows.map((r) => ({ id: r.reason_code, name: r.reason_code }));
    return page(
      "Review",
      options(reasons),
      options(organisations),
      table(
        [
          "case_number",
          "type",
          "organisation_name",
          "account_name",
          "card_last4",
          "disputed_amount_minor",
          "reason_text",
          "last_response_at",
        ],
        review.slice(0, 50),
      ),
    );
  }
  const caseMatch = /^\/case\/([A-Z]+-\d{4}-\d+)$/.exec(url.pathname);
  if (caseMatch) {
    const [found] = await caseByNumber(caseMatch[1], organisationId);
    if (!found) return null;
    const [events, attachments] = await Promise.all([caseEvents(found.id), caseAttachments(found.id)]);
    return page(
      String(found.case_number),
      table(Object.keys(found), [found]),
      table(["at", "event_type", "from_status", "to_status", "outcome"], events),
      table(["original_name", "media_type", "size_bytes", "uploaded_at"], attachments),
    );
  }
  if (url.pathname === "/statements") {
    const [settings, statements] = await Promise.all([paperlessSettings(organisationId), statementsPage(organisationId)]);
    return page(
      "Statements",
      table(["name", "merchant_number", "paperless", "changed_at"], settings),
      table(["month", "account_name", "net_minor", "currency", "delivered_on_paper"], statements.slice(0, 50)),
    );
  }
  return null;
}

async function respond(req: http.IncomingMessage): Promise<string | null> {
  return (await signedIn(req.headers.cookie)) ? route(new URL(req.url ?? "/", "http://floor")) : null;
}

const server = http.createServer((req, res) => {
  respond(req).then(
    (html) => {
      res.writeHead(html === null ? 404 : 200, { "content-type": "text/html; charset=utf-8" });
      res.end(html ?? "Not found");
    },
    (error: unknown) => {
      console.error(error);
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal error");
    },
  );
});
server.listen(Number(process.env.PORT), () => console.log(`floor listening on ${process.env.PORT}`));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
