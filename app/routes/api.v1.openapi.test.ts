import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loader } from "./api.v1.openapi[.]json";

// The OpenAPI document covers exactly the routes /api/v1 serves, and is a well-formed 3.1 document.

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

const routesDir = path.dirname(new URL(import.meta.url).pathname);

/** Each api.v1.* route file as "METHOD /path", the method read from the Allow it names. */
function servedRoutes(): string[] {
  const served: string[] = [];
  for (const file of fs.readdirSync(routesDir)) {
    if (!file.startsWith("api.v1.") || file.includes(".test.") || file === "api.v1.$.ts") continue;
    const segments = file
      .replace(/\.tsx?$/, "")
      .replace("[.]", "\u0000")
      .split(".")
      .filter((s) => s !== "_index")
      .map((s) => (s.startsWith("$") ? `{${s.slice(1)}}` : s.replace("\u0000", ".")));
    // The Allow header a file names lists every method it serves ("GET, POST").
    const allows = new Set(
      [...fs.readFileSync(path.join(routesDir, file), "utf8").matchAll(/methodNotAllowed\(request, "([A-Z, ]+)"\)/g)].map((m) => m[1]),
    );
    expect(allows.size, file).toBe(1);
    for (const method of [...allows][0]!.split(", ")) served.push(`${method} /${segments.join("/")}`);
  }
  return served.sort();
}

async function documentOf(): Promise<Doc> {
  const response = loader();
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/json");
  return (await response.json()) as Doc;
}

describe("/api/v1/openapi.json", () => {
  it("lists every route the API serves, and only those", async () => {
    const doc = await documentOf();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(servedRoutes()).toEqual(documented);
    expect(documented.length).toBeGreaterThanOrEqual(5);
  });

  it("is an OpenAPI 3.1 document whose references resolve and whose bodies are the server's schemas", async () => {
    const doc = await documentOf();
    expect(doc.openapi).toBe("3.1.0");
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g))
      expect(doc.components.schemas, ref).toHaveProperty(ref!);
    const respond = doc.paths["/api/v1/cases/{caseNumber}/responses"]!.post!.requestBody as {
      content: {
        "application/json": { schema: { required: string[]; properties: Record<string, unknown>; additionalProperties: boolean } };
      };
    };
    const schema = respond.content["application/json"].schema;
    expect(schema.required).toEqual(["version"]);
    expect(Object.keys(schema.properties).sort()).toEqual(["comment", "credit", "version"]);
    expect(schema.additionalProperties).toBe(false);
    // The same response with files, as multipart/form-data (the upload's fields and parts).
    const upload = (
      respond.content as unknown as Record<
        string,
        { schema: { required: string[]; properties: Record<string, { type?: string; items?: { format?: string } }> }; encoding: object }
      >
    )["multipart/form-data"]!;
    expect(upload.schema.required).toEqual(["version"]);
    expect(Object.keys(upload.schema.properties).sort()).toEqual(["comment", "credit", "document", "file", "version"]);
    expect(upload.schema.properties.file).toMatchObject({ type: "array", items: { format: "binary" } });
    expect(upload.encoding).toEqual({ file: { contentType: "application/pdf, image/png, image/jpeg, image/tiff" } });
  });
});
