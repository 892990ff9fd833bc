import { z } from "zod";
import { isAuditKind, type AuditTrailAction } from "~/domain/audit";
import { isCalendarDate } from "./disputes";

// The filters of /settings/audit (a GET form: they travel in the query string, and its CSV export
// reads the same ones). Anything not a string reads as empty; empty means "no filter".
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
const day = text.pipe(
  z
    .string()
    .trim()
    .refine((v) => v === "" || isCalendarDate(v), "audit.error.date"),
);

export const auditFilterSchema = z
  .object({
    user: text.pipe(z.string().trim().max(254, "audit.error.tooLong")),
    kind: text.pipe(z.string().refine((v): v is AuditTrailAction | "" => v === "" || isAuditKind(v), "audit.error.kind")),
    from: day,
    to: day,
  })
  .refine((v) => v.from === "" || v.to === "" || v.from <= v.to, { path: ["to"], message: "audit.error.period" });

export type AuditFilterInput = z.output<typeof auditFilterSchema>;
