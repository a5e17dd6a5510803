import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { LocalTime } from "@/components/activity/local-time";
import { Card } from "@/components/ui/card";
import { getBreakerStatus, listPastTrips } from "@/lib/directory/get-breaker-status";
import { listHeldChanges } from "@/lib/directory/list-held-changes";
import { getPlan } from "@/lib/plan/get-plan";
import { BreakerSettingsCard } from "./_components/breaker-settings-card";
import { HeldChangesTable } from "./_components/held-changes-table";
import { PastTrips } from "./_components/past-trips";

export const metadata: Metadata = { title: "Held changes · Security & Controls" };

const number = new Intl.NumberFormat("en");
const PAGE_SIZE = 100;

export default async function HeldChangesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = await adminContext();
  const plan = await getPlan(db);
  if (!plan) return <NoPlanAlert />;
  const raw = (await searchParams).page;
  const requested = Number.parseInt(typeof raw === "string" ? raw : "1", 10);
  const status = await getBreakerStatus(db, Date.now());
  const trip = status.trip;
  const page = trip ? await listHeldChanges(db, { tripId: trip.id, page: Number.isFinite(requested) ? requested : 1, pageSize: PAGE_SIZE }) : null;
  return (
    <>
      <Card
        id="current-trip"
        title={trip ? "The breaker has tripped" : "Nothing is held"}
        description={
          trip ? (
            <>
              Tripped <LocalTime at={trip.trippedAt} />: the identity provider asked for more than {number.format(trip.threshold)}{" "}
              deactivations or downgrades from Member within {trip.windowMinutes} minutes ({number.format(trip.activeUsers)} active users).{" "}
              <strong className="font-semibold text-slate-900">{number.format(trip.open)} held</strong> of {number.format(trip.held)}. The
              identity provider was answered as if nothing failed, so it keeps provisioning; a release applies exactly these requests, a
              discard keeps the users as they are.
            </>
          ) : (
            "Deactivations and downgrades from the identity provider apply as they arrive. If a wave passes the threshold below, the rest are held here."
          )
        }
      >
        {trip && page && <HeldChangesTable trip={trip} page={page} />}
      </Card>
      <BreakerSettingsCard status={status} />
      <PastTrips trips={await listPastTrips(db)} />
    </>
  );
}
