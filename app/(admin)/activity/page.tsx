import type { Metadata } from "next";
import Link from "next/link";
import { adminContext } from "@/app/_auth/require-admin";
import { activityFiltersToQuery, activityFiltersToSearch, parseActivityFilters } from "@/app/(admin)/activity/_components/activity-filters";
import { ActivityLog } from "@/app/(admin)/activity/_components/activity-log";
import { listActivity } from "@/lib/activity/list-activity";
import { findUserById } from "@/lib/users/user-queries";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { db } = await adminContext();
  const filters = parseActivityFilters(await searchParams);
  const initialPage = await listActivity(db, activityFiltersToQuery(filters, Date.now()));
  const user = filters.user ? await findUserById(db, filters.user) : undefined;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Activity</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Everything that changed who holds which seat, and why: every SCIM request the identity provider made (with its
          status, duration and token), every seat change (from, to and the roles, groups or admin behind it), and every
          settings change (who, old and new value). Failed SCIM requests are marked{" "}
          <strong className="font-semibold text-red-900">✕ Failed</strong>; a run of 401s usually means the token in Okta
          was revoked or has expired (see{" "}
          <Link href="/security/tokens" className="font-medium text-blue-800 underline">
            SCIM tokens
          </Link>
          ).
        </p>
      </div>
      <ActivityLog
        initialSearch={activityFiltersToSearch(filters)}
        initialPage={initialPage}
        userName={user ? (user.displayName ? `${user.displayName} (${user.userName})` : user.userName) : null}
      />
    </div>
  );
}
