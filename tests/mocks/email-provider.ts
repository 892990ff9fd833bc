import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

// The HTTP email provider (EMAIL_API_URL), mocked with msw for every test that sends email.
// It behaves like a real provider: checks the bearer token, requires an Idempotency-Key and
// delivers each key once. Tests script failures with `provider.failNext(...)`.

export const EMAIL_API_URL = "https://email-provider.test/v1/messages";
export const EMAIL_API_TOKEN = "test-email-token";
export const EMAIL_FROM = "Dispute Portal <no-reply@disputes.example>";

export interface PostedEmail {
  idempotencyKey: string | null;
  authorization: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** What the next request gets: a status code, a network error, or no answer at all (a timeout). */
export type ScriptedFailure = number | "network" | "hang";

export function createEmailProvider() {
  /** Every request that reached the provider, in order (duplicates included). */
  const posted: PostedEmail[] = [];
  /** What the provider actually delivered: one per idempotency key. */
  const delivered = new Map<string, PostedEmail>();
  const script: ScriptedFailure[] = [];
  let down: ScriptedFailure | null = null;

  const handlers = [
    http.post(EMAIL_API_URL, async ({ request }) => {
      const body = (await request.json()) as Omit<PostedEmail, "idempotencyKey" | "authorization">;
      const email: PostedEmail = {
        ...body,
        idempotencyKey: request.headers.get("Idempotency-Key"),
        authorization: request.headers.get("Authorization"),
      };
      posted.push(email);
      const failure = script.shift() ?? down;
      if (failure === "hang") {
        await delay("infinite");
      }
      if (failure === "network") return HttpResponse.error();
      if (typeof failure === "number") return HttpResponse.json({ error: `scripted failure ${failure}` }, { status: failure });
      if (email.authorization !== `Bearer ${EMAIL_API_TOKEN}`) return HttpResponse.json({ error: "unauthorised" }, { status: 401 });
      if (!email.idempotencyKey) return HttpResponse.json({ error: "Idempotency-Key required" }, { status: 400 });
      const already = delivered.get(email.idempotencyKey);
      if (!already) delivered.set(email.idempotencyKey, email);
      return HttpResponse.json({ id: `msg_${delivered.size}`, duplicate: Boolean(already) }, { status: already ? 200 : 202 });
    }),
  ];

  const server = setupServer(...handlers);

  return {
    server,
    posted,
    delivered,
    provider: { url: EMAIL_API_URL, token: EMAIL_API_TOKEN, from: EMAIL_FROM },
    /** The next requests fail in this order, then the provider works again. */
    failNext(...failures: ScriptedFailure[]) {
      script.push(...failures);
    },
    /** Every request fails like this until `recover()`. */
    goDown(failure: ScriptedFailure) {
      down = failure;
    },
    recover() {
      down = null;
      script.length = 0;
    },
    reset() {
      posted.length = 0;
      delivered.clear();
      script.length = 0;
      down = null;
      server.resetHandlers();
    },
    listen() {
      // A request no handler answers is an error, and its console.error fails the test.
      server.listen({ onUnhandledRequest: "error" });
    },
    close() {
      server.close();
    },
  };
}
