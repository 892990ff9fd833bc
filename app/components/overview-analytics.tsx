import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { money, localeTag } from "~/components/case-view";
import { useI18n, useT } from "~/components/i18n";
import {
  averageResponseSeconds,
  decided,
  noReplyRate,
  winRate,
  type AnalyticsView,
  type LocationSort,
  type SortDirection,
  type Statistics,
} from "~/domain/analytics";
import { columnChart, PALETTE, shareBarChart, type ChartLayout } from "~/domain/charts";
import type { Locale, MessageKey } from "~/i18n";

// /overview's analytics: the period menu, the summary, three charts (each with its table) and the
// sortable per-location table with its totals. Everything is server-rendered; no script needed.

function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(localeTag(locale), { month: "short", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, 1));
}

function percent(value: number | null, none: string): string {
  return value === null ? none : `${Math.round(value * 100)} %`;
}

function Chart({ id, title, layout, children }: { id: string; title: string; layout: ChartLayout; children: ReactNode }) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="img"
        aria-hidden="true"
        focusable="false"
        style={{ maxWidth: "100%", height: "auto" }}
      >
        {layout.shapes.map((s, i) => {
          switch (s.kind) {
            case "rect":
              return (
                <rect key={i} x={s.x} y={s.y} width={s.width} height={s.height} fill={s.fill}>
                  <title>{s.title}</title>
                </rect>
              );
            case "text":
              return (
                <text key={i} x={s.x} y={s.y} textAnchor={s.anchor} fill={s.fill} fontSize="12">
                  {s.text}
                </text>
              );
            case "line":
              return <line key={i} x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} stroke={s.stroke} strokeWidth="1" />;
          }
        })}
      </svg>
      <div className="table-wrap">{children}</div>
    </figure>
  );
}

const COLUMNS: readonly { sort: LocationSort; label: MessageKey }[] = [
  { sort: "cases", label: "analytics.cases" },
  { sort: "won", label: "analytics.won" },
  { sort: "decided", label: "analytics.decided" },
  { sort: "winRate", label: "analytics.winRate" },
  { sort: "noReplyRate", label: "analytics.noReplyRate" },
  { sort: "responseTime", label: "analytics.responseTime" },
  { sort: "credits", label: "analytics.credits" },
  { sort: "atRisk", label: "analytics.atRisk" },
];

export function OverviewAnalytics({ view }: { view: AnalyticsView }) {
  const t = useT();
  const { locale } = useI18n();
  const none = t("analytics.none");
  const days = (s: Statistics) => {
    const seconds = averageResponseSeconds(s);
    return seconds === null
      ? none
      : t("analytics.days", { days: (seconds / 86_400).toLocaleString(localeTag(locale), { maximumFractionDigits: 1 }) });
  };
  const cells = (s: Statistics, currency: string) => [
    String(s.inquiries + s.chargebacks),
    String(s.won),
    String(decided(s)),
    percent(winRate(s), none),
    percent(noReplyRate(s), none),
    days(s),
    money(s.credits_minor, currency, locale),
    money(s.open_minor, currency, locale),
  ];
  const sortLink = (sort: LocationSort) => {
    const dir: SortDirection = view.sort === sort ? (view.dir === "asc" ? "desc" : "asc") : sort === "location" ? "asc" : "desc";
    return `/overview?period=${encodeURIComponent(view.period)}&sort=${sort}&dir=${dir}#analytics-locations`;
  };
  const ariaSort = (sort: LocationSort) => (view.sort === sort ? (view.dir === "asc" ? "ascending" : "descending") : undefined);
  const sortMark = (sort: LocationSort) =>
    view.sort === sort ? (
      <span className="sr-only"> ({t(view.dir === "asc" ? "analytics.sort.ascending" : "analytics.sort.descending")})</span>
    ) : null;
  const series = [
    { key: "inquiries", label: t("analytics.inquiries"), colour: PALETTE[0] },
    { key: "chargebacks", label: t("analytics.chargebacks"), colour: PALETTE[1] },
  ];
  const months = view.perMonth.map((m) => monthLabel(m.month, locale));
  const perMonth = columnChart(
    months,
    series,
    view.perMonth.map((m) => [m.inquiries, m.chargebacks]),
    (n) => String(Math.round(n)),
  );
  const perReason = shareBarChart(
    view.perReason.map((r) => ({ label: r.reasonCode, value: winRate(r.statistics) })),
    PALETTE[0],
    none,
  );
  const perLocation = shareBarChart(
    view.locations.map((l) => ({ label: l.accountName, value: winRate(l.statistics) })),
    PALETTE[2],
    none,
  );
  return (
    <section aria-labelledby="analytics-title" className="analytics">
      <h2 id="analytics-title">{t("analytics.title")}</h2>
      {view.invalidPeriod ? (
        <p className="error" role="alert">
          {t("analytics.period.invalid")}
        </p>
      ) : null}
      {view.invalidSort ? (
        <p className="error" role="alert">
          {t("analytics.sort.invalid")}
        </p>
      ) : null}
      <Form method="get" action="/overview" className="filters">
        <label htmlFor="analytics-period">{t("analytics.period.label")}</label>{" "}
        <select id="analytics-period" name="period" defaultValue={view.period}>
          <option value="30d">{t("analytics.period.30d")}</option>
          <option value="90d">{t("analytics.period.90d")}</option>
          <option value="365d">{t("analytics.period.365d")}</option>
          {view.months.map((m) => (
            <option key={m} value={m}>
              {monthLabel(m, locale)}
            </option>
          ))}
        </select>{" "}
        <input type="hidden" name="sort" value={view.sort} />
        <input type="hidden" name="dir" value={view.dir} />
        <button type="submit">{t("analytics.period.show")}</button>
      </Form>
      <p className="muted">{t("analytics.period.note", { from: monthLabel(view.from, locale), to: monthLabel(view.to, locale) })}</p>

      <h3>{t("analytics.summary")}</h3>
      <dl className="summary" data-testid="analytics-summary">
        <dt>{t("analytics.cases")}</dt>
        <dd>{view.overall.inquiries + view.overall.chargebacks}</dd>
        <dt>{t("analytics.winRate")}</dt>
        <dd>{percent(winRate(view.overall), none)}</dd>
        <dt>{t("analytics.noReplyRate")}</dt>
        <dd>{percent(noReplyRate(view.overall), none)}</dd>
        <dt>{t("analytics.responseTime")}</dt>
        <dd>{days(view.overall)}</dd>
        <dt>{t("analytics.credits")}</dt>
        <dd>{view.totals.map((c) => money(c.statistics.credits_minor, c.currency, locale)).join(", ") || none}</dd>
        <dt>{t("analytics.atRisk")}</dt>
        <dd>{view.totals.map((c) => money(c.statistics.open_minor, c.currency, locale)).join(", ") || none}</dd>
      </dl>

      <Chart id="chart-per-month" title={t("analytics.perMonth.title")} layout={perMonth}>
        <table data-testid="chart-per-month-table">
          <caption className="sr-only">{t("analytics.chart.tableOf")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("analytics.perMonth.month")}</th>
              <th scope="col" className="num">
                {t("analytics.inquiries")}
              </th>
              <th scope="col" className="num">
                {t("analytics.chargebacks")}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.perMonth.map((m, i) => (
              <tr key={m.month}>
                <th scope="row">{months[i]}</th>
                <td className="num">{m.inquiries}</td>
                <td className="num">{m.chargebacks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>

      <Chart id="chart-per-reason" title={t("analytics.perReason.title")} layout={perReason}>
        <table data-testid="chart-per-reason-table">
          <caption className="sr-only">{t("analytics.chart.tableOf")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("analytics.perReason.reason")}</th>
              <th scope="col" className="num">
                {t("analytics.won")}
              </th>
              <th scope="col" className="num">
                {t("analytics.decided")}
              </th>
              <th scope="col" className="num">
                {t("analytics.winRate")}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.perReason.map((r) => (
              <tr key={r.reasonCode}>
                <th scope="row">{r.reasonCode}</th>
                <td className="num">{r.statistics.won}</td>
                <td className="num">{decided(r.statistics)}</td>
                <td className="num">{percent(winRate(r.statistics), none)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>

      <Chart id="chart-per-location" title={t("analytics.perLocation.title")} layout={perLocation}>
        <table id="analytics-locations" data-testid="analytics-locations">
          <caption>{t("analytics.table.caption")}</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort("location")}>
                <Link to={sortLink("location")}>{t("analytics.table.location")}</Link>
                {sortMark("location")}
              </th>
              {COLUMNS.map((c) => (
                <th key={c.sort} scope="col" className="num" aria-sort={ariaSort(c.sort)}>
                  <Link to={sortLink(c.sort)}>{t(c.label)}</Link>
                  {sortMark(c.sort)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.locations.map((l) => (
              <tr key={l.accountId} data-account={l.merchantNumber}>
                <th scope="row">{l.accountName}</th>
                {cells(l.statistics, l.currency).map((c, i) => (
                  <td key={i} className="num">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            {view.totals.map((tot) => (
              <tr key={tot.currency} data-total={tot.currency}>
                <th scope="row">
                  {view.totals.length === 1 ? t("analytics.table.total") : t("analytics.table.totalIn", { currency: tot.currency })}
                </th>
                {cells(tot.statistics, tot.currency).map((c, i) => (
                  <td key={i} className="num">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tfoot>
        </table>
      </Chart>
    </section>
  );
}
