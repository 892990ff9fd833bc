import { sql, type Kysely } from "kysely";

// Reason codes and the evidence they need (SPEC 3.10, issue 12 item 3; decision record 079). The
// table is reference data, not demo data: it is seeded here, so every database (db:setup, tests,
// production) has the same codes. Titles as the networks publish them: Visa Core Rules (Visa
// Claims Resolution dispute conditions), Mastercard Chargeback Guide, American Express Merchant
// Regulations (chargeback reason codes). A case keeps its own copy of the proposed documents with
// their levels (case_required_documents gets level and group), so a later change here never
// changes an open case; rows written before this migration are all "required", as they were.

type Level = "required" | "one_of" | "optional";
type Doc = [code: string, level: Level, group?: string];
type Seed = {
  network: "visa" | "mastercard" | "amex";
  code: string;
  title: string;
  category: "fraud" | "authorisation" | "processing_error" | "consumer_dispute";
  en: string;
  de: string;
  nl: string;
  documents: Doc[];
};

// Evidence shapes shared by codes of the same kind across the networks.
const CARD_ABSENT_FRAUD: Doc[] = [
  ["authorisation_record", "required"],
  ["proof_of_delivery", "one_of", "cardholder_link"],
  ["customer_correspondence", "one_of", "cardholder_link"],
  ["itemised_invoice", "optional"],
];
const G = {
  fraudAbsent: {
    en: "Show the cardholder took part: the authorisation with 3-D Secure, AVS or CVV result, and delivery to the cardholder's address or correspondence with them.",
    de: "Zeigen Sie, dass der Karteninhaber beteiligt war: die Autorisierung mit 3-D-Secure-, AVS- oder CVV-Ergebnis und die Lieferung an seine Adresse oder Korrespondenz mit ihm.",
    nl: "Toon aan dat de kaarthouder betrokken was: de autorisatie met 3-D Secure-, AVS- of CVV-resultaat, en levering op het adres van de kaarthouder of correspondentie met hem.",
  },
  notReceived: {
    en: "Prove the goods or services were provided on the agreed date: a signed proof of delivery or the booking that was used.",
    de: "Weisen Sie nach, dass Ware oder Leistung zum vereinbarten Termin erbracht wurde: ein unterschriebener Liefernachweis oder die in Anspruch genommene Buchung.",
    nl: "Bewijs dat de goederen of diensten op de afgesproken datum zijn geleverd: een ondertekend leveringsbewijs of de gebruikte boeking.",
  },
  notAsDescribed: {
    en: "Show what was ordered matches what was delivered: the invoice with the description, and the terms or your correspondence offering a repair, exchange or return.",
    de: "Zeigen Sie, dass Bestelltes und Geliefertes übereinstimmen: die Rechnung mit der Beschreibung und die Bedingungen oder Ihre Korrespondenz mit dem Angebot von Reparatur, Umtausch oder Rückgabe.",
    nl: "Toon aan dat wat besteld is overeenkomt met wat geleverd is: de factuur met de omschrijving, en de voorwaarden of uw correspondentie met een aanbod tot reparatie, ruil of retour.",
  },
  recurring: {
    en: "Show the cardholder agreed to the recurring charges and did not cancel before this one: the accepted terms and any correspondence.",
    de: "Zeigen Sie, dass der Karteninhaber den wiederkehrenden Belastungen zugestimmt und vor dieser nicht gekündigt hat: die akzeptierten Bedingungen und etwaige Korrespondenz.",
    nl: "Toon aan dat de kaarthouder met de terugkerende afschrijvingen instemde en niet vóór deze heeft opgezegd: de geaccepteerde voorwaarden en eventuele correspondentie.",
  },
  credit: {
    en: "Show the credit was issued (its date and amount), or that no credit is due under the cancellation or return policy the cardholder accepted.",
    de: "Zeigen Sie, dass die Gutschrift erteilt wurde (Datum und Betrag) oder dass nach den akzeptierten Storno- oder Rückgabebedingungen keine Gutschrift fällig ist.",
    nl: "Toon aan dat de creditering is uitgevoerd (datum en bedrag), of dat er volgens de geaccepteerde annulerings- of retourvoorwaarden geen creditering verschuldigd is.",
  },
  authorisation: {
    en: "Show a valid authorisation approval for this amount and date, from the authorisation record of the terminal or gateway.",
    de: "Zeigen Sie eine gültige Autorisierung für diesen Betrag und dieses Datum aus dem Autorisierungsprotokoll des Terminals oder Gateways.",
    nl: "Toon een geldige autorisatie voor dit bedrag en deze datum, uit het autorisatieverslag van de terminal of de gateway.",
  },
  amount: {
    en: "Show the cardholder agreed to the amount charged: the signed receipt or the itemised invoice with the final total.",
    de: "Zeigen Sie, dass der Karteninhaber dem belasteten Betrag zugestimmt hat: der unterschriebene Beleg oder die detaillierte Rechnung mit dem Endbetrag.",
    nl: "Toon aan dat de kaarthouder akkoord ging met het afgeschreven bedrag: het ondertekende transactiebewijs of de gespecificeerde factuur met het eindbedrag.",
  },
  duplicate: {
    en: "Show the charges are separate purchases: an itemised invoice for each, with different items, dates or references.",
    de: "Zeigen Sie, dass es getrennte Käufe sind: eine detaillierte Rechnung für jeden, mit unterschiedlichen Artikeln, Daten oder Referenzen.",
    nl: "Toon aan dat het afzonderlijke aankopen zijn: een gespecificeerde factuur voor elk, met andere artikelen, data of referenties.",
  },
};

const SEED: Seed[] = [
  // Visa (Visa Core Rules and Visa Product and Service Rules, dispute conditions).
  {
    network: "visa",
    code: "10.3",
    title: "Other Fraud – Card-Present Environment",
    category: "fraud",
    en: "Show the card was present: the receipt signed or PIN-verified at the terminal, with the authorisation.",
    de: "Zeigen Sie, dass die Karte vorlag: der am Terminal unterschriebene oder per PIN bestätigte Beleg, mit der Autorisierung.",
    nl: "Toon aan dat de kaart aanwezig was: het aan de terminal ondertekende of met pincode bevestigde transactiebewijs, met de autorisatie.",
    documents: [
      ["signed_receipt", "required"],
      ["authorisation_record", "optional"],
    ],
  },
  {
    network: "visa",
    code: "10.4",
    title: "Other Fraud – Card-Absent Environment",
    category: "fraud",
    ...G.fraudAbsent,
    documents: CARD_ABSENT_FRAUD,
  },
  {
    network: "visa",
    code: "11.3",
    title: "No Authorization",
    category: "authorisation",
    ...G.authorisation,
    documents: [
      ["authorisation_record", "required"],
      ["itemised_invoice", "optional"],
    ],
  },
  {
    network: "visa",
    code: "12.5",
    title: "Incorrect Amount",
    category: "processing_error",
    ...G.amount,
    documents: [
      ["signed_receipt", "one_of", "amount_agreed"],
      ["itemised_invoice", "one_of", "amount_agreed"],
      ["authorisation_record", "optional"],
    ],
  },
  {
    network: "visa",
    code: "12.6.1",
    title: "Duplicate Processing",
    category: "processing_error",
    ...G.duplicate,
    documents: [
      ["itemised_invoice", "required"],
      ["signed_receipt", "optional"],
    ],
  },
  {
    network: "visa",
    code: "13.1",
    title: "Merchandise/Services Not Received",
    category: "consumer_dispute",
    ...G.notReceived,
    documents: [
      ["proof_of_delivery", "one_of", "provided"],
      ["booking_confirmation", "one_of", "provided"],
      ["customer_correspondence", "optional"],
      ["itemised_invoice", "optional"],
    ],
  },
  {
    network: "visa",
    code: "13.2",
    title: "Cancelled Recurring Transaction",
    category: "consumer_dispute",
    ...G.recurring,
    documents: [
      ["terms_and_conditions", "required"],
      ["customer_correspondence", "optional"],
    ],
  },
  {
    network: "visa",
    code: "13.3",
    title: "Not as Described or Defective Merchandise/Services",
    category: "consumer_dispute",
    ...G.notAsDescribed,
    documents: [
      ["itemised_invoice", "required"],
      ["terms_and_conditions", "one_of", "remedy"],
      ["customer_correspondence", "one_of", "remedy"],
      ["proof_of_delivery", "optional"],
    ],
  },
  {
    network: "visa",
    code: "13.6",
    title: "Credit Not Processed",
    category: "consumer_dispute",
    ...G.credit,
    documents: [
      ["credit_record", "one_of", "credit"],
      ["cancellation_policy", "one_of", "credit"],
      ["customer_correspondence", "optional"],
    ],
  },
  {
    network: "visa",
    code: "13.7",
    title: "Cancelled Merchandise/Services",
    category: "consumer_dispute",
    en: "Show the cancellation policy the cardholder accepted and that the cancellation fell outside it, or that the cancelled service was used.",
    de: "Zeigen Sie die vom Karteninhaber akzeptierten Stornobedingungen und dass die Stornierung nicht darunter fiel oder die stornierte Leistung genutzt wurde.",
    nl: "Toon de door de kaarthouder geaccepteerde annuleringsvoorwaarden en dat de annulering daarbuiten viel, of dat de geannuleerde dienst is gebruikt.",
    documents: [
      ["cancellation_policy", "required"],
      ["booking_confirmation", "optional"],
      ["customer_correspondence", "optional"],
    ],
  },
  // Mastercard (Chargeback Guide, Merchant Edition).
  {
    network: "mastercard",
    code: "4808",
    title: "Authorization-related Chargeback",
    category: "authorisation",
    ...G.authorisation,
    documents: [
      ["authorisation_record", "required"],
      ["itemised_invoice", "optional"],
    ],
  },
  {
    network: "mastercard",
    code: "4834",
    title: "Point-of-Interaction Error",
    category: "processing_error",
    ...G.amount,
    documents: [
      ["signed_receipt", "one_of", "amount_agreed"],
      ["itemised_invoice", "one_of", "amount_agreed"],
      ["credit_record", "optional"],
    ],
  },
  {
    network: "mastercard",
    code: "4837",
    title: "No Cardholder Authorization",
    category: "fraud",
    ...G.fraudAbsent,
    documents: CARD_ABSENT_FRAUD,
  },
  {
    network: "mastercard",
    code: "4853",
    title: "Cardholder Dispute",
    category: "consumer_dispute",
    ...G.notAsDescribed,
    documents: [
      ["itemised_invoice", "required"],
      ["terms_and_conditions", "one_of", "remedy"],
      ["customer_correspondence", "one_of", "remedy"],
      ["proof_of_delivery", "optional"],
    ],
  },
  {
    network: "mastercard",
    code: "4855",
    title: "Goods or Services Not Provided",
    category: "consumer_dispute",
    ...G.notReceived,
    documents: [
      ["proof_of_delivery", "one_of", "provided"],
      ["booking_confirmation", "one_of", "provided"],
      ["customer_correspondence", "optional"],
    ],
  },
  {
    network: "mastercard",
    code: "4863",
    title: "Cardholder Does Not Recognize—Potential Fraud",
    category: "fraud",
    en: "Help the cardholder recognise the charge: the invoice with your trading name and what was bought, and how it reached them.",
    de: "Helfen Sie dem Karteninhaber, die Belastung zu erkennen: die Rechnung mit Ihrem Geschäftsnamen und dem Gekauften und wie es ihn erreicht hat.",
    nl: "Help de kaarthouder de afschrijving te herkennen: de factuur met uw handelsnaam en wat er gekocht is, en hoe het bij hem is aangekomen.",
    documents: [
      ["itemised_invoice", "required"],
      ["proof_of_delivery", "one_of", "cardholder_link"],
      ["customer_correspondence", "one_of", "cardholder_link"],
      ["authorisation_record", "optional"],
    ],
  },
  // American Express (Merchant Regulations, chargeback reason codes).
  {
    network: "amex",
    code: "A02",
    title: "No Valid Authorization",
    category: "authorisation",
    ...G.authorisation,
    documents: [
      ["authorisation_record", "required"],
      ["signed_receipt", "optional"],
    ],
  },
  {
    network: "amex",
    code: "C02",
    title: "Credit Not Processed",
    category: "consumer_dispute",
    ...G.credit,
    documents: [
      ["credit_record", "one_of", "credit"],
      ["cancellation_policy", "one_of", "credit"],
      ["terms_and_conditions", "optional"],
    ],
  },
  {
    network: "amex",
    code: "C08",
    title: "Goods/Services Not Received or Only Partially Received",
    category: "consumer_dispute",
    ...G.notReceived,
    documents: [
      ["proof_of_delivery", "one_of", "provided"],
      ["booking_confirmation", "one_of", "provided"],
      ["itemised_invoice", "optional"],
    ],
  },
  {
    network: "amex",
    code: "C28",
    title: "Cancelled Recurring Billing",
    category: "consumer_dispute",
    ...G.recurring,
    documents: [
      ["terms_and_conditions", "required"],
      ["customer_correspondence", "optional"],
    ],
  },
  {
    network: "amex",
    code: "C31",
    title: "Goods/Services Not as Described",
    category: "consumer_dispute",
    ...G.notAsDescribed,
    documents: [
      ["itemised_invoice", "required"],
      ["terms_and_conditions", "one_of", "remedy"],
      ["customer_correspondence", "one_of", "remedy"],
    ],
  },
  {
    network: "amex",
    code: "C32",
    title: "Goods/Services Damaged or Defective",
    category: "consumer_dispute",
    ...G.notAsDescribed,
    documents: [
      ["itemised_invoice", "required"],
      ["proof_of_delivery", "one_of", "condition"],
      ["customer_correspondence", "one_of", "condition"],
      ["terms_and_conditions", "optional"],
    ],
  },
  {
    network: "amex",
    code: "F24",
    title: "No Card Member Authorization",
    category: "fraud",
    ...G.fraudAbsent,
    documents: CARD_ABSENT_FRAUD,
  },
  { network: "amex", code: "F29", title: "Card Not Present", category: "fraud", ...G.fraudAbsent, documents: CARD_ABSENT_FRAUD },
  {
    network: "amex",
    code: "P05",
    title: "Incorrect Charge Amount",
    category: "processing_error",
    ...G.amount,
    documents: [
      ["signed_receipt", "one_of", "amount_agreed"],
      ["itemised_invoice", "one_of", "amount_agreed"],
    ],
  },
  {
    network: "amex",
    code: "P08",
    title: "Duplicate Charge",
    category: "processing_error",
    ...G.duplicate,
    documents: [
      ["itemised_invoice", "required"],
      ["signed_receipt", "optional"],
    ],
  },
  {
    network: "amex",
    code: "P23",
    title: "Currency Discrepancy",
    category: "processing_error",
    en: "Show the currency the cardholder agreed to: the signed receipt or invoice in the currency submitted.",
    de: "Zeigen Sie die Währung, der der Karteninhaber zugestimmt hat: der unterschriebene Beleg oder die Rechnung in der eingereichten Währung.",
    nl: "Toon de valuta waarmee de kaarthouder akkoord ging: het ondertekende transactiebewijs of de factuur in de ingediende valuta.",
    documents: [
      ["signed_receipt", "one_of", "currency_agreed"],
      ["itemised_invoice", "one_of", "currency_agreed"],
    ],
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reason_codes")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("network", "text", (c) => c.notNull().check(sql`network in ('visa', 'mastercard', 'amex')`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) =>
      c.notNull().check(sql`category in ('fraud', 'authorisation', 'processing_error', 'consumer_dispute')`),
    )
    .addColumn("guidance_en", "text", (c) => c.notNull())
    .addColumn("guidance_de", "text", (c) => c.notNull())
    .addColumn("guidance_nl", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("reason_code_documents")
    .addColumn("reason_code", "text", (c) => c.notNull().references("reason_codes.code"))
    .addColumn("document_code", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull().check(sql`level in ('required', 'one_of', 'optional')`))
    .addColumn("doc_group", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("reason_code_documents_pk", ["reason_code", "document_code"])
    .addCheckConstraint("reason_code_documents_group", sql`(level = 'one_of') = (doc_group is not null)`)
    .execute();

  // A case's own documents get the level they were proposed with; explicit lists are "required".
  await db.schema
    .alterTable("case_required_documents")
    .addColumn("level", "text", (c) =>
      c
        .notNull()
        .defaultTo("required")
        .check(sql`level in ('required', 'one_of', 'optional')`),
    )
    .execute();
  await db.schema.alterTable("case_required_documents").addColumn("doc_group", "text").execute();

  for (const s of SEED) {
    await db
      .insertInto("reason_codes")
      .values({
        code: s.code,
        network: s.network,
        title: s.title,
        category: s.category,
        guidance_en: s.en,
        guidance_de: s.de,
        guidance_nl: s.nl,
      })
      .execute();
    await db
      .insertInto("reason_code_documents")
      .values(
        s.documents.map(([document, level, group], position) => ({
          reason_code: s.code,
          document_code: document,
          level,
          doc_group: level === "one_of" ? (group ?? document) : null,
          position,
        })),
      )
      .execute();
  }
}
