import type { DB } from "../connection";

export const DEMO_PASSWORD = "portal-demo-2026";

interface DemoAccount {
  key: string;
  merchantNumber: string;
  name: string;
  address: string;
  timeZone: string;
  currency: string;
  paperless: boolean;
}

interface DemoOrganisation {
  key: string;
  name: string;
  legalName: string;
  address: string;
  vatId: string;
  handling: "central" | "local";
  accounts: DemoAccount[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    key: "alpen",
    name: "Alpenblick Hotels",
    legalName: "Alpenblick Hotels GmbH",
    address: "Maximilianstraße 12, 80539 München, Deutschland",
    vatId: "DE812345678",
    handling: "central",
    accounts: [
      {
        key: "alpen-muc",
        merchantNumber: "4711000101",
        name: "Alpenblick Hotel München",
        address: "Maximilianstraße 12, 80539 München",
        timeZone: "Europe/Berlin",
        currency: "EUR",
        paperless: true,
      },
      {
        key: "alpen-gap",
        merchantNumber: "4711000102",
        name: "Alpenblick Hotel Garmisch",
        address: "Zugspitzstraße 4, 82467 Garmisch-Partenkirchen",
        timeZone: "Europe/Berlin",
        currency: "EUR",
        paperless: false,
      },
      {
        key: "alpen-vie",
        merchantNumber: "4711000103",
        name: "Alpenblick Hotel Wien",
        address: "Kärntner Ring 8, 1010 Wien, Österreich",
        timeZone: "Europe/Vienna",
        currency: "EUR",
        paperless: true,
      },
    ],
  },
  {
    key: "noord",
    name: "Noordzee Retail",
    legalName: "Noordzee Retail B.V.",
    address: "Damrak 70, 1012 LM Amsterdam, Nederland",
    vatId: "NL812345678B01",
    handling: "local",
    accounts: [
      {
        key: "noord-ams",
        merchantNumber: "5220000201",
        name: "Noordzee Amsterdam",
        address: "Kalverstraat 92, 1012 PH Amsterdam",
        timeZone: "Europe/Amsterdam",
        currency: "EUR",
        paperless: false,
      },
      {
        key: "noord-utr",
        merchantNumber: "5220000202",
        name: "Noordzee Utrecht",
        address: "Oudegracht 150, 3511 AZ Utrecht",
        timeZone: "Europe/Amsterdam",
        currency: "EUR",
        paperless: true,
      },
    ],
  },
  {
    key: "harbor",
    name: "Harbor Outfitters",
    legalName: "Harbor Outfitters Inc.",
    address: "1 Atlantic Avenue, Boston, MA 02110, USA",
    vatId: "",
    handling: "central",
    accounts: [
      {
        key: "harbor-bos",
        merchantNumber: "7330000301",
        name: "Harbor Outfitters Boston",
        address: "1 Atlantic Avenue, Boston, MA 02110",
        timeZone: "America/New_York",
        currency: "USD",
        paperless: true,
      },
      {
        key: "harbor-nyc",
        merchantNumber: "7330000302",
        name: "Harbor Outfitters New York",
        address: "250 Water Street, New York, NY 10038",
        timeZone: "America/New_York",
        currency: "USD",
        paperless: true,
      },
    ],
  },
];

interface DemoUser {
  username: string;
  displayName: string;
  email: string;
  role: "location" | "head_office" | "org_admin" | "analyst" | "admin" | "support";
  organisation: string | null;
  accounts: string[];
  /** The support desk's line (SPEC 9): tier 1 receives, 2 is technical, 3 in depth. */
  supportTier?: 1 | 2 | 3;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: "alpen-hq",
    displayName: "Anna Huber",
    email: "alpen-hq@alpenblick.example",
    role: "org_admin",
    organisation: "alpen",
    accounts: [],
  },
  {
    username: "alpen-muc",
    displayName: "Max Bauer",
    email: "alpen-muc@alpenblick.example",
    role: "location",
    organisation: "alpen",
    accounts: ["alpen-muc"],
  },
  {
    username: "noord-hq",
    displayName: "Sanne de Vries",
    email: "noord-hq@noordzee.example",
    role: "head_office",
    organisation: "noord",
    accounts: [],
  },
  {
    username: "noord-ams",
    displayName: "Daan Jansen",
    email: "noord-ams@noordzee.example",
    role: "location",
    organisation: "noord",
    accounts: ["noord-ams"],
  },
  {
    username: "harbor-hq",
    displayName: "Grace Miller",
    email: "harbor-hq@harbor.example",
    role: "org_admin",
    organisation: "harbor",
    accounts: [],
  },
  { username: "analyst", displayName: "Jonas Weber", email: "analyst@network.example", role: "analyst", organisation: null, accounts: [] },
  { username: "admin", displayName: "Platform Operator", email: "admin@network.example", role: "admin", organisation: null, accounts: [] },
];

/** The support desk's line (SPEC 9), seeded apart: a database migrated only part way (the
 * migration tests) has no role `support` yet. */
export const DEMO_SUPPORT_DESK: readonly DemoUser[] = ([1, 2, 3] as const).map((tier) => ({
  username: `support-n${tier}`,
  displayName: ["Nina Vogel", "Lars Becker", "Eva Schmidt"][tier - 1]!,
  email: `support-n${tier}@network.example`,
  role: "support" as const,
  organisation: null,
  accounts: [],
  supportTier: tier,
}));

export interface SeededIds {
  organisations: Record<string, number>;
  accounts: Record<string, number>;
  users: Record<string, number>;
}

/** The seeded id under `key`: a misspelt key in demo data or a test fails here, by name. */
export function idOf(seeded: Readonly<Record<string, number>>, key: string): number {
  const id = seeded[key];
  if (id === undefined) throw new Error(`Nothing seeded under "${key}" (seeded: ${Object.keys(seeded).join(", ")})`);
  return id;
}

export async function seedOrganisationsAndUsers(
  db: DB,
  now: Date,
  hashPassword: (password: string) => Promise<string>,
): Promise<SeededIds> {
  const ids: SeededIds = { organisations: {}, accounts: {}, users: {} };
  const at = now.toISOString();
  for (const org of DEMO_ORGANISATIONS) {
    const { id } = await db
      .insertInto("organisations")
      .values({
        name: org.name,
        legal_name: org.legalName,
        address: org.address,
        vat_id: org.vatId || null,
        dispute_handling: org.handling,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.organisations[org.key] = id;
    for (const account of org.accounts) {
      const row = await db
        .insertInto("accounts")
        .values({
          organisation_id: id,
          merchant_number: account.merchantNumber,
          name: account.name,
          address: account.address,
          time_zone: account.timeZone,
          currency: account.currency,
          paperless: account.paperless ? 1 : 0,
          created_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.accounts[account.key] = row.id;
    }
  }
  for (const user of DEMO_USERS) await seedUser(db, user, ids, at, hashPassword);
  return ids;
}

/** The desk's users and their tiers, added to `ids.users`. */
export async function seedSupportDesk(
  db: DB,
  ids: SeededIds,
  now: Date,
  hashPassword: (password: string) => Promise<string>,
): Promise<void> {
  for (const user of DEMO_SUPPORT_DESK) await seedUser(db, user, ids, now.toISOString(), hashPassword);
}

async function seedUser(db: DB, user: DemoUser, ids: SeededIds, at: string, hashPassword: (password: string) => Promise<string>) {
  const row = await db
    .insertInto("users")
    .values({
      username: user.username,
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      organisation_id: user.organisation ? idOf(ids.organisations, user.organisation) : null,
      password_hash: await hashPassword(DEMO_PASSWORD),
      locale: null,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids.users[user.username] = row.id;
  // One agent per tier in the demo: each is its tier's lead, who hears of breaches.
  if (user.supportTier) await db.insertInto("support_agents").values({ user_id: row.id, tier: user.supportTier, lead: 1 }).execute();
  for (const account of user.accounts) {
    await db
      .insertInto("user_accounts")
      .values({ user_id: row.id, account_id: idOf(ids.accounts, account) })
      .execute();
  }
}
