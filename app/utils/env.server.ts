import net from "node:net";
import { z } from "zod";

/** What Express's `trust proxy` accepts in a list (proxy-addr): a name, an address, or a subnet. */
function isProxyName(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", range, ...rest] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && net.isIPv4(range);
}

// Validated once at start: a wrong setting stops the server with a message naming it,
// instead of failing later in the middle of a request.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("./data/portal.sqlite"),
  /** A PostgreSQL server (`postgres://user@host/db`); when set, the portal keeps its data there instead of DATABASE_PATH. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  /** Public address of the portal, used in email links; defaults to http://localhost:PORT. */
  APP_URL: z.url().optional(),
  EMAIL_API_URL: z.url().optional(),
  EMAIL_API_TOKEN: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default("Dispute Portal <no-reply@disputes.example>"),
  /** "on": webhook endpoints may have plain http:// addresses (always so outside production). */
  WEBHOOKS_ALLOW_HTTP: z.enum(["on", "off"]).default("off"),
  /** Set to "off" to keep the background jobs from running inside the server (e.g. under cron). */
  JOBS: z.enum(["on", "off"]).default("on"),
  /** Every job's interval in milliseconds instead of its own (tests that watch several servers' timers). */
  JOBS_EVERY_MS: z.coerce.number().int().min(100).optional(),
  /**
   * The reverse proxies in front of the portal, whose X-Forwarded-For/-Proto are believed: a hop
   * count ("1") or Express's names and addresses ("loopback", "10.0.0.0/8, 127.0.0.1"). Unset: none,
   * the client address is the connection's. Never "true": any client could then name its address.
   */
  TRUST_PROXY: z
    .string()
    .transform((v) => v.trim())
    .refine((v) => !/^(true|\*)$/i.test(v), "name the proxies (a hop count or addresses), not every sender")
    .transform((v): number | string[] | false =>
      /^\d+$/.test(v)
        ? Number(v)
        : v === "off"
          ? false
          : v
              .split(",")
              .map((entry) => entry.trim())
              .filter(Boolean),
    )
    .refine(
      (v) => !Array.isArray(v) || (v.length > 0 && v.every(isProxyName)),
      "a hop count, or addresses, subnets and the names loopback, linklocal, uniquelocal, separated by commas",
    )
    .default(false),
});

export type Env = z.infer<typeof schema> & { APP_URL: string };

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration in environment variables:\n${problems}`);
  }
  const env = result.data;
  if (env.EMAIL_API_URL && !env.EMAIL_API_TOKEN) {
    throw new Error("Invalid configuration in environment variables:\n  EMAIL_API_TOKEN: required when EMAIL_API_URL is set");
  }
  return { ...env, APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}` };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
