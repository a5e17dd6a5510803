import type { Metadata } from "next";
import Link from "next/link";
import { adminContext } from "@/app/_auth/require-admin";
import { ProvisioningHealthCard } from "@/app/(admin)/_components/provisioning-health";
import { RecentActivity } from "@/app/(admin)/_components/recent-activity";
import { RefusedWhileOffCard } from "@/app/(admin)/_components/refused-while-off";
import { SeatChart } from "@/app/(admin)/_components/seat-chart";
import { withLiveToday } from "@/app/(admin)/_components/seat-history";
import { WarningsList } from "@/app/(admin)/_components/warnings-list";
import { SEAT_DESCRIPTIONS } from "@/components/seats/seat-descriptions";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { SEAT_TYPES } from "@/db/schema";
import { listActivity } from "@/lib/activity/list-activity";
import { getOverview } from "@/lib/overview/get-overview";
import { getProvisioningHealth } from "@/lib/overview/get-provisioning-health";
import { getSetupChecklist } from "@/lib/overview/get-setup-checklist";
import { getSsoWarnings, getWarnings } from "@/lib/overview/get-warnings";
import { listRefusedWhileOff } from "@/lib/overview/list-refused-while-off";
import { listSeatSnapshots } from "@/lib/overview/list-seat-snapshots";
import { MAX_ACTIVE_TOKENS } from "@/lib/tokens/token-format";
import { resolveSecretBoxKey } from "@/server/auth-secret";

export const metadata: Metadata = { title: "Overview" };

const number = new Intl.NumberFormat("en");

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
      <dt className="text-sm text-slate-600">{term}</dt>
      <dd className="text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/** Provisioning health matters once SCIM is enabled; before, the setup checklist says what to do. */
const scimInUse = (overview: { plan: { scimEnabled: boolean } | null }) => overview.plan?.scimEnabled === true;

export default async function OverviewPage() {
  const { db } = await adminContext();
  const now = Date.now();
  const overview = await getOverview(db, now);
  const checklist = await getSetupChecklist(db, now);
  const warnings = [...await getWarnings(db, now), ...(await getSsoWarnings(db, { now, secretBoxKey: resolveSecretBoxKey() }))];
  const seatHistory = withLiveToday(await listSeatSnapshots(db, now, 90), overview, now);
  const recent = await listActivity(db, { page: 1, pageSize: 10 });
  const refusedWhileOff = await listRefusedWhileOff(db, { now });
  const health = scimInUse(overview) ? await getProvisioningHealth(db, now) : null;
  const { plan } = overview;
  const activeSeats = SEAT_TYPES.reduce((sum, seat) => sum + overview.seats[seat], 0);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Overview</h1>
        <p className="mt-1 text-sm text-slate-600">The plan at a glance: provisioning status and seats in use.</p>
      </div>

      {!plan && (
        <Alert tone="warn">
          This installation has no plan yet. Create it with the operator CLI:{" "}
          <code className="font-mono">npm run admin -- plan set --name &quot;Acme&quot; --primary-email it@acme.example</code>
        </Alert>
      )}
      {plan && checklist.done < checklist.total && (
        <Alert tone="info">
          Provisioning setup: {checklist.done} of {checklist.total} required steps done.{" "}
          <Link href="/security" className="font-medium underline">
            Continue in Security &amp; Controls
          </Link>
        </Alert>
      )}

      {refusedWhileOff && <RefusedWhileOffCard refused={refusedWhileOff} />}

      {plan && (
        <Card
          id="needs-action"
          title="Needs your attention"
          description={warnings.length > 0 ? "Each item links to where you fix it." : undefined}
        >
          <WarningsList warnings={warnings} />
        </Card>
      )}

      <div className="grid gap-6 xl:grid-cols-2">
        <Card id="plan" title="Plan">
          <dl className="divide-y divide-slate-100">
            <Row term="Plan name">{plan?.name ?? "Not set"}</Row>
            <Row term="Primary email">{plan?.primaryEmail ?? "Not set"}</Row>
          </dl>
        </Card>

        <Card id="provisioning" title="Provisioning">
          <dl className="divide-y divide-slate-100">
            <Row term="SCIM support">
              {plan?.scimEnabled ? <StatusBadge tone="good">Enabled</StatusBadge> : <StatusBadge tone="neutral">Not enabled</StatusBadge>}
            </Row>
            <Row term="Directory Integration">
              {plan?.diEnabled ? <StatusBadge tone="good">On</StatusBadge> : <StatusBadge tone="neutral">Off</StatusBadge>}
            </Row>
            <Row term="Validated domains">
              {overview.domains.validated}
              {overview.domains.total > overview.domains.validated && (
                <span className="font-normal text-slate-600">
                  {" "}
                  ({overview.domains.total - overview.domains.validated} waiting for verification)
                </span>
              )}
            </Row>
            <Row term="Active SCIM tokens">
              {overview.activeTokens} <span className="font-normal text-slate-600">of {MAX_ACTIVE_TOKENS} allowed</span>
            </Row>
          </dl>
        </Card>
      </div>

      {health && <ProvisioningHealthCard health={health} />}

      <Card
        id="seats"
        title="Seats"
        description={`${number.format(activeSeats)} active users; ${number.format(overview.deactivated)} deactivated.`}
      >
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users by seat type</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Seat type
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Users
                </th>
                <th scope="col" className="py-2 font-medium">
                  What it means
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {SEAT_TYPES.map((seat) => (
                <tr key={seat}>
                  <th scope="row" className="py-2 pr-4 font-medium whitespace-nowrap text-slate-900">
                    {seat}
                  </th>
                  <td className="py-2 pr-4 text-right tabular-nums">{number.format(overview.seats[seat])}</td>
                  <td className="py-2 text-slate-600">{SEAT_DESCRIPTIONS[seat]}</td>
                </tr>
              ))}
              <tr>
                <th scope="row" className="py-2 pr-4 font-medium whitespace-nowrap text-slate-900">
                  Deactivated
                </th>
                <td className="py-2 pr-4 text-right tabular-nums">{number.format(overview.deactivated)}</td>
                <td className="py-2 text-slate-600">Cannot sign in; no seat. Kept with their history.</td>
              </tr>
            </tbody>
          </table>
        </div>
      </Card>

      <Card
        id="seat-history"
        title="Seat history, last 90 days"
        description="Paid seats are reconciled at true-up, so the plan keeps a record of how many seats of each type were in use each day. The server's scheduler takes one snapshot a day (UTC)."
      >
        <SeatChart points={seatHistory} />
      </Card>

      <Card
        id="recent-activity"
        title="Recent activity"
        description="The last 10 entries of the activity log: SCIM requests, seat changes, settings changes and sign-ins."
        actions={
          <Link href="/activity" className="text-sm font-medium text-blue-800 underline hover:text-blue-900">
            See all activity
          </Link>
        }
      >
        <RecentActivity entries={recent.entries} />
      </Card>
    </div>
  );
}
