// `npm run jobs:email`: queues the daily digests that are due, then sends the emails waiting in the
// outbox, for cron (JOBS=off) or by hand. The server runs the same work on its own timers; both may
// run at once (a digest's key is its user and day; claiming a message is the lock).
import { databaseLocation, openDatabase } from "../../db/connection";
import { systemClock } from "../utils/clock.server";
import { getEnv } from "../utils/env.server";
import { deliverDueEmails, emailDeliveryJob, providerFromEnv } from "./email-delivery.server";
import { runRecorded } from "../services/job-runs.server";
import { notificationDigestJob, sendDueDigests } from "./notification-digest.server";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const digestRun = await runRecorded(db, notificationDigestJob.name, systemClock, (now) => sendDueDigests(db, now));
  if (!digestRun.ok) throw digestRun.error;
  const digests = digestRun.result;
  console.log(`email: ${digests.queued} daily digests queued`);
  const provider = providerFromEnv();
  if (!provider) {
    console.log("email: EMAIL_API_URL is not set; messages stay in the outbox (see /admin/outbox)");
  } else {
    const deliveryRun = await runRecorded(db, emailDeliveryJob.name, systemClock, async () => {
      const total = { claimed: 0, sent: 0, retried: 0, failed: 0 };
      // Until nothing is due, with a ceiling so a cron run always ends.
      for (let batch = 0; batch < 100; batch++) {
        const report = await deliverDueEmails(db, { now: systemClock(), provider, fetch: globalThis.fetch, random: Math.random });
        total.claimed += report.claimed;
        total.sent += report.sent;
        total.retried += report.retried;
        total.failed += report.failed;
        if (report.claimed === 0) break;
      }
      return total;
    });
    if (!deliveryRun.ok) throw deliveryRun.error;
    const total = deliveryRun.result;
    console.log(`email: ${total.sent} sent, ${total.retried} to retry, ${total.failed} failed`);
  }
} finally {
  await db.destroy();
}
