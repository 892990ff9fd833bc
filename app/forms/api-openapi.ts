import { z } from "zod";
import type { AttachmentMediaType } from "../../db/schema";
import { CASE_OUTCOMES, CASE_STATUSES } from "~/domain/case-state";
import { WEBHOOK_EVENT_TYPES } from "~/domain/webhooks";
import {
  apiAcceptBodySchema,
  apiDraftBodySchema,
  apiNetworkCasesBodySchema,
  apiResponseBodySchema,
  apiResponseFormSchema,
  apiWebhookEndpointBodySchema,
  API_RESPONSE_FILE_FIELD,
} from "./api";

// The OpenAPI 3.1 document of /api/v1 (SPEC 13), generated from the zod schemas the API
// validates with (zod 4's JSON Schema is draft 2020-12, the dialect OpenAPI 3.1 uses). Every
// route the API serves is listed in API_OPERATIONS; a test holds the route files to it.

// SPEC 3.5: recognised by content; the same list as the upload parser's detectMediaType.
const ATTACHMENT_MEDIA_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/tiff"] satisfies AttachmentMediaType[];

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string(),
  problems: z.array(z.object({ field: z.string(), key: z.string(), detail: z.string() })),
});

const money = z.object({ minor: z.number().int(), currency: z.string() });
const caseType = z.enum(["inquiry", "chargeback"]);
const status = z.enum(CASE_STATUSES);
const outcome = z.enum(CASE_OUTCOMES).nullable();

const caseListSchema = z.object({
  data: z.array(
    z.object({
      caseNumber: z.string(),
      type: caseType,
      status,
      outcome,
      amount: money,
      reason: z.string(),
      respondBy: z.string(),
      timeZone: z.string(),
      account: z.string(),
      cardLast4: z.string(),
      urgent: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()),
  accounts: z.array(z.object({ id: z.number().int(), name: z.string(), merchantNumber: z.string() })),
});

const caseSchema = z.looseObject({
  caseNumber: z.string(),
  type: caseType,
  status,
  outcome,
  disputedAmountMinor: z.number().int(),
  currency: z.string(),
  respondBy: z.string(),
  version: z.number().int(),
  accountId: z.number().int(),
  requiredDocuments: z.array(z.object({ code: z.string(), provided: z.boolean() })),
  attachments: z.array(z.looseObject({ originalName: z.string(), mediaType: z.string(), sizeBytes: z.number().int() })),
  responses: z.array(z.looseObject({ submittedAt: z.string(), comment: z.string(), creditMinor: z.number().int().nullable() })),
  timeline: z.array(z.looseObject({ at: z.string(), eventType: z.string() })),
  answerRefusal: z.string().nullable(),
  allowed: z.array(z.string()),
  draft: z
    .looseObject({ version: z.number().int(), comment: z.string(), credit: z.string(), savedBy: z.string(), savedAt: z.string() })
    .nullable(),
});

const answerSchema = z.object({ caseNumber: z.string(), status, outcome });
const savedDraftSchema = z.object({
  caseNumber: z.string(),
  draft: z.object({ version: z.number().int().nullable(), savedAt: z.string().nullable() }),
});

const totals = z.object({
  currency: z.string(),
  charges: z.number().int(),
  credits: z.number().int(),
  chargebacks: z.number().int(),
  reversals: z.number().int(),
  fees: z.number().int(),
  net: z.number().int(),
});
const statementSummary = z.looseObject({
  id: z.number().int(),
  accountId: z.number().int(),
  month: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  currency: z.string(),
  totals: z.array(totals),
  deliveredOnPaper: z.boolean(),
  generatedAt: z.string(),
});
const statementListSchema = z.object({ data: z.array(statementSummary), nextCursor: z.string().nullable() });
const statementSchema = z.looseObject({
  statement: statementSummary,
  lines: z.array(
    z.looseObject({
      position: z.number().int(),
      kind: z.string(),
      description: z.string(),
      occurredAt: z.string(),
      amountMinor: z.number().int(),
      currency: z.string(),
    }),
  ),
  account: z.looseObject({ id: z.number().int(), name: z.string(), merchantNumber: z.string() }),
  organisation: z.looseObject({ legalName: z.string() }),
});

const webhookEndpointSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  status: z.enum(["enabled", "disabled"]),
  disabledReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  createdAt: z.string(),
});
const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointSchema) });
const createdWebhookEndpointSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  secret: z.string(),
});

const intakeReportSchema = z.object({
  rows: z.array(
    z.object({
      row: z.number().int(),
      networkCaseId: z.string(),
      outcome: z.enum(["created", "duplicate", "refused"]),
      caseNumber: z.string().optional(),
      field: z.string().optional().meta({ description: "refused: the column at fault" }),
      reason: z.string().optional().meta({ description: "refused: the problem key, as the CSV import reports it" }),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  created: z.number().int(),
  duplicates: z.number().int(),
  refused: z.number().int(),
});

type Operation = {
  method: "get" | "post" | "delete";
  path: string;
  operationId: string;
  summary: string;
  /** null: no key needed; "intake": a network intake key (dpn_…), not a merchant's key. */
  scope: "read" | "respond" | "intake" | null;
  query?: { name: string; description: string }[];
  body?: z.ZodType;
  /** The same request as multipart/form-data, with files (the response upload). */
  formBody?: z.ZodType;
  /** `alsoAs`: other media types the same answer comes in, chosen by the Accept header. */
  answer: { status: number; schema: z.ZodType | null; description: string; alsoAs?: string[] };
  refusals: number[];
};

const PATH_PARAMETERS: Record<string, { schema: Record<string, unknown>; example: string | number }> = {
  caseNumber: { schema: { type: "string" }, example: "INQ-2026-000123" },
  id: { schema: { type: "integer", minimum: 1 }, example: 42 },
};

export const API_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/cases",
    operationId: "listCases",
    summary: "Cases of the key's accounts, earliest respond-by first, with the filters and cursor of /disputes",
    scope: "read",
    query: [
      { name: "type", description: "inquiry or chargeback" },
      { name: "status", description: "open (the default), all, awaiting_response, under_review or closed" },
      { name: "outcome", description: "an outcome; may repeat" },
      { name: "account", description: "an account id (see `accounts` in the answer)" },
      { name: "due", description: "respond-by within this many days (0-365)" },
      { name: "overdue", description: "1: only cases past their respond-by" },
      { name: "q", description: "search in case number, reference and card digits (at most 64 characters)" },
      { name: "cursor", description: "nextCursor of the page before" },
    ],
    answer: { status: 200, schema: caseListSchema, description: "One page of cases" },
    refusals: [401, 403, 429],
  },
  {
    method: "get",
    path: "/api/v1/cases/{caseNumber}",
    operationId: "getCase",
    summary: "A case with its required documents, attachments, responses and timeline",
    scope: "read",
    answer: { status: 200, schema: caseSchema, description: "The case" },
    refusals: [401, 403, 404, 429],
  },
  {
    method: "post",
    path: "/api/v1/cases/{caseNumber}/responses",
    operationId: "respondToCase",
    summary:
      "Respond with a comment and, for an inquiry, a credit in major units; `version` is the case's version. " +
      "As multipart/form-data, with files: each `file` part tagged by the `document` field of the same position",
    scope: "respond",
    body: apiResponseBodySchema,
    formBody: apiResponseFormSchema,
    answer: { status: 201, schema: answerSchema, description: "The response is submitted" },
    refusals: [400, 401, 403, 404, 409, 413, 415, 422, 429],
  },
  {
    method: "post",
    path: "/api/v1/cases/{caseNumber}/draft",
    operationId: "saveDraft",
    summary: "Save the case's draft response (nothing is sent); `draftVersion` is the draft's version as read, 0 for none",
    scope: "respond",
    body: apiDraftBodySchema,
    answer: { status: 200, schema: savedDraftSchema, description: "The draft is saved" },
    refusals: [400, 401, 403, 404, 409, 413, 415, 422, 429],
  },
  {
    method: "post",
    path: "/api/v1/cases/{caseNumber}/accept",
    operationId: "acceptChargeback",
    summary: "Accept a chargeback",
    scope: "respond",
    body: apiAcceptBodySchema,
    answer: { status: 201, schema: answerSchema, description: "The chargeback is accepted" },
    refusals: [400, 401, 403, 404, 409, 413, 415, 422, 429],
  },
  {
    method: "get",
    path: "/api/v1/statements",
    operationId: "listStatements",
    summary: "Statements of the key's accounts, newest month first",
    scope: "read",
    query: [
      { name: "account", description: "an account id: that account's statements only" },
      { name: "cursor", description: "nextCursor of the page before" },
    ],
    answer: { status: 200, schema: statementListSchema, description: "One page of statements" },
    refusals: [400, 401, 403, 429],
  },
  {
    method: "get",
    path: "/api/v1/statements/{id}",
    operationId: "getStatement",
    summary: "A statement with its lines; Accept: application/pdf or text/csv gives the page's PDF or CSV",
    scope: "read",
    answer: { status: 200, schema: statementSchema, description: "The statement", alsoAs: ["application/pdf", "text/csv"] },
    refusals: [401, 403, 404, 429],
  },
  {
    method: "get",
    path: "/api/v1/webhook-endpoints",
    operationId: "listWebhookEndpoints",
    summary: "The organisation's webhook endpoints (a key with the respond scope for every account)",
    scope: "respond",
    answer: { status: 200, schema: webhookEndpointListSchema, description: "The endpoints, newest first" },
    refusals: [401, 403, 429],
  },
  {
    method: "post",
    path: "/api/v1/webhook-endpoints",
    operationId: "createWebhookEndpoint",
    summary: "Add a webhook endpoint: an https address and the events to send; the answer carries the signing secret",
    scope: "respond",
    body: apiWebhookEndpointBodySchema,
    answer: { status: 201, schema: createdWebhookEndpointSchema, description: "The endpoint is added" },
    refusals: [400, 401, 403, 413, 415, 422, 429],
  },
  {
    method: "delete",
    path: "/api/v1/webhook-endpoints/{id}",
    operationId: "deleteWebhookEndpoint",
    summary: "Delete a webhook endpoint; its waiting events are given up",
    scope: "respond",
    answer: { status: 204, schema: null, description: "The endpoint is deleted" },
    refusals: [401, 403, 404, 429],
  },
  {
    method: "post",
    path: "/api/v1/network/cases",
    operationId: "deliverNetworkCases",
    summary:
      "The network delivers a batch of up to 1 000 cases (a network intake key) in the columns of the CSV import; " +
      "each row is created, a duplicate (its network case id is known) or refused with the reason",
    scope: "intake",
    body: apiNetworkCasesBodySchema,
    answer: { status: 200, schema: intakeReportSchema, description: "One line per row, in order" },
    refusals: [400, 401, 403, 413, 415, 422, 429],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "openApiDocument",
    summary: "This document",
    scope: null,
    answer: { status: 200, schema: null, description: "The OpenAPI 3.1 document" },
    refusals: [],
  },
];

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
};

/** The top-level fields of an operation's JSON body, for the reference page at /api/docs. */
export function operationBodyFields(op: Operation): { name: string; type: string; required: boolean }[] {
  if (!op.body) return [];
  const schema = jsonSchema(op.body, "input") as { properties?: Record<string, { type?: string | string[] }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: [property.type ?? "any"].flat().join(" | "),
    required: (schema.required ?? []).includes(name),
  }));
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const parameters = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, ...PATH_PARAMETERS[name!] })),
      ...(op.query ?? []).map((q) => ({
        name: q.name,
        in: "query",
        required: false,
        description: q.description,
        schema: { type: "string" },
      })),
      ...(op.method === "post"
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: true,
              description: "Kept 24 hours per key",
              schema: { type: "string", maxLength: 255 },
            },
          ]
        : []),
    ];
    const responses: Record<string, unknown> = {
      [String(op.answer.status)]: {
        description: op.answer.description,
        ...(op.answer.schema
          ? {
              content: {
                "application/json": { schema: jsonSchema(op.answer.schema, "output") },
                ...Object.fromEntries((op.answer.alsoAs ?? []).map((type) => [type, { schema: { type: "string", format: "binary" } }])),
              },
            }
          : {}),
      },
    };
    for (const status of op.refusals) {
      responses[String(status)] = {
        description: status === 429 ? "Rate limit of the key used up; see Retry-After" : "A problem (RFC 9457)",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.scope === "intake"
        ? { security: [{ intakeKey: [] }] }
        : op.scope
          ? { security: [{ apiKey: [] }], "x-scope": op.scope }
          : { security: [] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: jsonSchema(op.body, "input") },
                ...(op.formBody
                  ? {
                      "multipart/form-data": {
                        schema: jsonSchema(op.formBody, "input"),
                        encoding: { [API_RESPONSE_FILE_FIELD]: { contentType: ATTACHMENT_MEDIA_TYPES.join(", ") } },
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Dispute Portal API",
      version: "1",
      description: "Cases, responses and acceptances for the merchants' own systems, on the same rules as the portal's pages.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from /settings/api (dp_…)" },
        intakeKey: { type: "http", scheme: "bearer", description: "A network intake key from /admin/intake-keys (dpn_…)" },
      },
      schemas: { Problem: jsonSchema(problemSchema, "output") },
    },
  };
}
