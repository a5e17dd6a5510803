import type { Metadata } from "next";
import Link from "next/link";
import { adminContext } from "@/app/_auth/require-admin";
import { GroupsManager } from "@/app/(admin)/groups/_components/groups-manager";
import { roleOptions } from "@/app/(admin)/groups/_components/role-options";
import { seatEffectText, type SeatEffect } from "@/app/(admin)/groups/_components/seat-effect";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { DEFAULT_ACTIVITY_RETENTION_DAYS } from "@/lib/activity/retention";
import { listGroups } from "@/lib/directory/list-groups";
import { getPlan } from "@/lib/plan/get-plan";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  const { db } = await adminContext();
  const plan = await getPlan(db);
  const diEnabled = plan?.diEnabled ?? false;
  const groups = await listGroups(db);
  const roles = roleOptions();
  const seats: { seat: SeatEffect; heading: string }[] = [
    { seat: "Member", heading: "Member roles" },
    { seat: "Contributor", heading: "System Admin roles" },
    { seat: null, heading: "Connector roles (premium)" },
  ];

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Groups</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Groups come from your identity provider: in Okta, the app&apos;s <strong>Push Groups</strong> tab sends a group
          and its members here, and keeps membership in step. Map a group to a role and every member gets that role, which
          decides their seat together with the roles Okta sends for each user. The most privileged seat wins.
        </p>
      </div>

      {diEnabled ? (
        <Alert tone="info">
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge tone="good">Directory Integration on</StatusBadge>
            Saving a mapping re-syncs its members&apos; seats at once, and so does every membership change Okta pushes.
          </span>
        </Alert>
      ) : (
        <Alert tone="warn">
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge tone="neutral">Directory Integration off</StatusBadge>
            <span>
              You can map groups now, but no seat changes until DI is turned on: its first re-evaluation applies every
              mapping. Turn it on in{" "}
              <Link href="/security/directory" className="font-medium underline">
                Security &amp; Controls › Directory Integration
              </Link>
              .
            </span>
          </span>
        </Alert>
      )}

      <GroupsManager
        initialGroups={groups}
        roles={roles}
        diEnabled={diEnabled}
        retentionDays={plan?.activityRetentionDays ?? DEFAULT_ACTIVITY_RETENTION_DAYS}
      />

      <Card
        id="roles"
        title="What each role grants"
        description="The seat a mapped group gives its members. Guests and No Access users keep their seat: Directory Integration never changes them, and it never downgrades a Provisional Member."
      >
        <div className="grid gap-4 md:grid-cols-3">
          {seats.map(({ seat, heading }) => (
            <div key={heading} className="flex flex-col gap-1.5">
              <h3 className="text-sm font-semibold text-slate-900">{heading}</h3>
              <p className="text-sm text-slate-700">{seatEffectText(seat)}.</p>
              <ul className="flex flex-col gap-0.5 text-sm text-slate-700">
                {roles
                  .filter((r) => r.seat === seat)
                  .map((r) => (
                    <li key={r.role}>
                      {r.label} <code className="font-mono text-xs text-slate-600">{r.role}</code>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
      </Card>
    </div>
  );
}
