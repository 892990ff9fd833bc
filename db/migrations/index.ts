import type { Migration } from "kysely";
import * as foundation from "./2026-11-23-0001-foundation";
import * as transactionsLedger from "./2026-11-23-0002-transactions-ledger";
import * as cases from "./2026-11-23-0003-cases";
import * as statements from "./2026-11-23-0004-statements";
import * as notifications from "./2026-11-23-0005-notifications";
import * as jobRuns from "./2026-11-23-0006-job-runs";
import * as userDeactivation from "./2026-11-23-0007-user-deactivation";
import * as ledgerGuard from "./2026-12-03-0101-ledger-guard";
import * as statementCurrencies from "./2026-12-03-0301-statement-currencies";
import * as paperFeePerCurrency from "./2026-12-03-0302-paper-fee-per-currency";
import * as caseScale from "./2026-12-03-1001-case-scale";
import * as userInvitations from "./2026-12-03-1101-user-invitations";
import * as auditOrganisation from "./2026-12-03-1102-audit-organisation";
import * as dutchLocale from "./2026-12-03-1106-dutch-locale";

// Listed statically (not read from the folder at run time) so the migrations travel inside
// the server bundle and run the same way from the CLI, the server and the tests.
// Add new files at the end; names sort by date and are never renamed.
export const migrations: Record<string, Migration> = {
  "2026-11-23-0001-foundation": foundation,
  "2026-11-23-0002-transactions-ledger": transactionsLedger,
  "2026-11-23-0003-cases": cases,
  "2026-11-23-0004-statements": statements,
  "2026-11-23-0005-notifications": notifications,
  "2026-11-23-0006-job-runs": jobRuns,
  "2026-11-23-0007-user-deactivation": userDeactivation,
  "2026-12-03-0101-ledger-guard": ledgerGuard,
  "2026-12-03-0301-statement-currencies": statementCurrencies,
  "2026-12-03-0302-paper-fee-per-currency": paperFeePerCurrency,
  "2026-12-03-1001-case-scale": caseScale,
  "2026-12-03-1101-user-invitations": userInvitations,
  "2026-12-03-1102-audit-organisation": auditOrganisation,
  "2026-12-03-1106-dutch-locale": dutchLocale,
};
