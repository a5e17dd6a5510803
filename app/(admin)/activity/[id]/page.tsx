import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { adminContext } from "@/app/_auth/require-admin";
import { ScimBodies, ScimRequestLine } from "@/app/(admin)/users/_components/provisioning-bodies";
import { Card } from "@/components/ui/card";
import { getScimRequestBodies } from "@/lib/activity/get-scim-request-bodies";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "SCIM request" };

/** One SCIM request of the activity log, opened: what the identity provider sent and what it got (issue 14 §3). */
export default async function ActivityEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const { db } = await adminContext();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id < 1) notFound();
  let entry;
  try {
    entry = await getScimRequestBodies(db, id, Date.now());
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Link href="/activity" className="text-sm font-medium text-blue-800 hover:underline">
          ← Activity
        </Link>
        <h1 className="text-2xl font-semibold text-slate-900">SCIM request #{entry.id}</h1>
      </div>
      <Card
        title="Request and response"
        description={`As kept: passwords and secrets redacted, each body cut at ${Math.round(entry.capBytes / 1024)} KiB, kept ${entry.retentionDays} days.`}
      >
        <div className="flex flex-col gap-3">
          <ScimRequestLine entry={entry} />
          {entry.userId && (
            <p className="text-sm text-slate-700">
              About{" "}
              <Link href={`/users/${encodeURIComponent(entry.userId)}?tab=provisioning`} className="font-medium text-blue-800 hover:underline">
                {entry.userName ?? entry.userId}
              </Link>
              {entry.clientAddress && <span className="text-slate-500"> · from {entry.clientAddress}</span>}
            </p>
          )}
          {entry.reason && <p className="text-sm text-red-800">{entry.reason}</p>}
          <ScimBodies entry={entry} capBytes={entry.capBytes} retentionDays={entry.retentionDays} keptSince={entry.keptSince} />
        </div>
      </Card>
    </div>
  );
}
