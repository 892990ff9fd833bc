import { TZDate } from "@date-fns/tz";
import { Form } from "@remix-run/react";
import { format } from "date-fns";
import type { MessageKey } from "~/i18n";
import { useT } from "./i18n";

/** Outbox times for the platform's operators, in UTC (they serve every time zone). */
export function formatOutboxTime(iso: string | null): string {
  if (!iso) return "—";
  return `${format(new TZDate(new Date(iso).getTime(), "UTC"), "yyyy-MM-dd HH:mm:ss")} UTC`;
}

export function OutboxStatusTag({ status }: { status: string }) {
  const t = useT();
  const tone = status === "sent" ? " tag-ok" : status === "failed" ? " tag-urgent" : "";
  return <span className={`tag${tone}`}>{t(`outbox.status.${status}` as MessageKey)}</span>;
}

export function RetryButton({ id, busy }: { id: number; busy: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="intent" value="retry" className="secondary" disabled={busy}>
        {t("outbox.retry")}
      </button>
    </Form>
  );
}
