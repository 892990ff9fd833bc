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
import * as accountChoices from "./2026-12-03-1107-account-choices";
import * as sharedRateLimits from "./2026-12-03-1108-shared-rate-limits";
import * as caseStatistics from "./2026-12-03-1109-case-statistics";
import * as stagedReminders from "./2026-12-03-1120-staged-reminders";
import * as caseDrafts from "./2026-12-03-1130-case-drafts";
import * as supportRole from "./2026-12-03-1150-support-role";
import * as supportRequests from "./2026-12-03-1151-support-requests";
import * as apiKeys from "./2026-12-03-1160-api-keys";
import * as webhooks from "./2026-12-04-1170-webhooks";
import * as networkCaseIds from "./2026-12-04-1171-network-case-ids";
import * as announcements from "./2026-12-04-1180-announcements";
import * as supportNotices from "./2026-12-04-1181-support-notices";
import * as supportDesk from "./2026-12-04-1182-support-desk";
import * as networkIntakeKeys from "./2026-12-04-1190-network-intake-keys";
import * as supportAttachments from "./2026-12-04-1191-support-attachments";
import * as reasonCodes from "./2026-12-04-1195-reason-codes";

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
  "2026-12-03-1107-account-choices": accountChoices,
  "2026-12-03-1108-shared-rate-limits": sharedRateLimits,
  "2026-12-03-1109-case-statistics": caseStatistics,
  "2026-12-03-1120-staged-reminders": stagedReminders,
  "2026-12-03-1130-case-drafts": caseDrafts,
  "2026-12-03-1150-support-role": supportRole,
  "2026-12-03-1151-support-requests": supportRequests,
  "2026-12-03-1160-api-keys": apiKeys,
  "2026-12-04-1170-webhooks": webhooks,
  "2026-12-04-1171-network-case-ids": networkCaseIds,
  "2026-12-04-1180-announcements": announcements,
  "2026-12-04-1181-support-notices": supportNotices,
  "2026-12-04-1182-support-desk": supportDesk,
  "2026-12-04-1190-network-intake-keys": networkIntakeKeys,
  "2026-12-04-1191-support-attachments": supportAttachments,
  "2026-12-04-1195-reason-codes": reasonCodes,
};
