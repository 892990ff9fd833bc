import type { DB } from "../../db/connection";
import type { DocumentRequirement, ReasonCode } from "~/domain/reason-codes";

// The reason-code table (SPEC 3.10): reference data seeded by migration 2026-12-04-1195. Codes are
// unique across the networks (Visa "13.1", Mastercard "4853", American Express "C08"), so a case's
// reason code alone finds its row.

async function documentsOf(db: DB, codes: readonly string[]): Promise<Map<string, DocumentRequirement[]>> {
  const byCode = new Map<string, DocumentRequirement[]>();
  if (codes.length === 0) return byCode;
  const rows = await db
    .selectFrom("reason_code_documents")
    .select(["reason_code", "document_code", "level", "doc_group"])
    .where("reason_code", "in", [...codes])
    .orderBy("reason_code")
    .orderBy("position")
    .execute();
  for (const r of rows) {
    const list = byCode.get(r.reason_code) ?? [];
    list.push({ code: r.document_code, level: r.level, group: r.doc_group });
    byCode.set(r.reason_code, list);
  }
  return byCode;
}

const COLUMNS = ["code", "network", "title", "category", "guidance_en", "guidance_de", "guidance_nl"] as const;

type Row = {
  code: string;
  network: ReasonCode["network"];
  title: string;
  category: ReasonCode["category"];
  guidance_en: string;
  guidance_de: string;
  guidance_nl: string;
};

function toReasonCode(r: Row, documents: DocumentRequirement[]): ReasonCode {
  return {
    network: r.network,
    code: r.code,
    title: r.title,
    category: r.category,
    guidance: { en: r.guidance_en, de: r.guidance_de, nl: r.guidance_nl },
    documents,
  };
}

/** The table's row for a case's reason code (trimmed, case-insensitive), or null when it has none. */
export async function findReasonCode(db: DB, code: string): Promise<ReasonCode | null> {
  const wanted = code.trim().toUpperCase();
  if (!wanted) return null;
  const row = await db.selectFrom("reason_codes").select(COLUMNS).where("code", "=", wanted).executeTakeFirst();
  if (!row) return null;
  return toReasonCode(row, (await documentsOf(db, [row.code])).get(row.code) ?? []);
}

/** The whole table, by network and code (a few dozen rows): the open-case form's proposals. */
export async function listReasonCodes(db: DB): Promise<ReasonCode[]> {
  const rows = await db.selectFrom("reason_codes").select(COLUMNS).orderBy("network").orderBy("code").execute();
  const documents = await documentsOf(
    db,
    rows.map((r) => r.code),
  );
  return rows.map((r) => toReasonCode(r, documents.get(r.code) ?? []));
}
