import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { adminContext } from "@/app/_auth/require-admin";
import { SEAT_DESCRIPTIONS } from "@/components/seats/seat-descriptions";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { ChangeSeatDialog } from "@/app/(admin)/users/_components/change-seat-dialog";
import { DeactivateUserButton } from "@/app/(admin)/users/_components/deactivate-user-button";
import { formatDate, formatDateTime, isoDate, SOURCE_LABELS } from "@/app/(admin)/users/_components/format";
import { ReactivateUserFlow } from "@/app/(admin)/users/_components/reactivate-user-flow";
import { SeatBadge } from "@/app/(admin)/users/_components/seat-badge";
import { ProvisioningTab } from "@/app/(admin)/users/_components/provisioning-tab";
import { UserHistory } from "@/app/(admin)/users/_components/user-history";
import { listUserHistory } from "@/lib/activity/list-user-history";
import { listUserScimRequests } from "@/lib/activity/list-user-scim-requests";
import { explainUserSeat } from "@/lib/directory/explain-user-seat";
import { findHeldChangeOfUser } from "@/lib/directory/list-held-changes";
import { getUserProfile } from "@/lib/directory/get-user-profile";
import { getPlan } from "@/lib/plan/get-plan";
import { getLastSynced } from "@/lib/activity/list-last-synced";
import { listSeatOptions } from "@/lib/directory/list-seat-options";
import { findUserById } from "@/lib/users/user-queries";

/** The tab says whose page it is (issue 13: every user page was "User · Admin Center"). */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // The same session check as the page: a name is never shown to a signed-out visitor.
  const { db } = await adminContext();
  const user = await findUserById(db, safeDecode((await params).id));
  if (!user) return { title: "User not found" };
  const profile = await getUserProfile(db, user.id);
  return { title: profile.name ?? profile.userName };
}

function Row({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-1 gap-x-4 gap-y-0.5 py-2 sm:grid-cols-[11rem_1fr]">
      <dt className="text-sm text-slate-600">{term}</dt>
      <dd data-testid={testId} className="min-w-0 text-sm break-words text-slate-900">
        {children}
      </dd>
    </div>
  );
}

function When({ ms, empty = "—" }: { ms: number | null; empty?: string }) {
  if (ms == null) return <span className="text-slate-500">{empty}</span>;
  return <time dateTime={isoDate(ms)}>{formatDateTime(ms)}</time>;
}

/** A malformed escape in a hand-typed URL is a "not found", never a 500. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const missing = <span className="text-slate-500">Not sent by the identity provider</span>;

const TABS = [
  { id: "details", label: "Details" },
  { id: "provisioning", label: "Provisioning" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** The page's tabs as links (`?tab=provisioning`): a tab can be linked and survives a reload. */
function Tabs({ userId, current }: { userId: string; current: Tab }) {
  return (
    <nav aria-label="User page" className="flex gap-1 border-b border-slate-200">
      {TABS.map((t) => (
        <Link
          key={t.id}
          href={t.id === "details" ? `/users/${encodeURIComponent(userId)}` : `/users/${encodeURIComponent(userId)}?tab=${t.id}`}
          aria-current={t.id === current ? "page" : undefined}
          className={
            t.id === current
              ? "-mb-px border-b-2 border-blue-700 px-3 py-2 text-sm font-medium text-blue-900"
              : "px-3 py-2 text-sm text-slate-700 hover:text-slate-900"
          }
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { db } = await adminContext();
  const { id } = await params;
  const user = await findUserById(db, safeDecode(id));
  if (!user) notFound();
  const tab: Tab = (await searchParams).tab === "provisioning" ? "provisioning" : "details";
  const now = Date.now();
  const profile = await getUserProfile(db, user.id);
  const why = await explainUserSeat(db, user, now);
  const plan = await getPlan(db);
  const diEnabled = plan?.diEnabled ?? false;
  const lastSynced = await getLastSynced(db, user.id);
  const history = await listUserHistory(db, { userId: user.id, page: 1 });
  const active = user.status === "active";
  const title = profile.name ?? profile.userName;

  const options = await listSeatOptions(db, user);

  const diLine = !diEnabled
    ? "No: Directory Integration is off, so seats are managed by hand here."
    : why.managedByDi
      ? why.diSeat === "Provisional Member"
        ? `Yes, after the review period: their roles give ${why.rolesSeat}, and Directory Integration keeps a Provisional Member until the review ends${user.reviewEndsAt != null ? ` (${formatDate(user.reviewEndsAt)})` : ""}.`
        : `Yes: at every sync Directory Integration sets this seat from the user's roles (their roles give ${why.rolesSeat}).`
      : !active
        ? "No: Directory Integration does not change a deactivated user."
        : user.seatType === "Guest" || user.seatType === "No Access"
          ? `No: ${user.seatType} is set only in the Admin Center; Directory Integration leaves it alone.`
          : "No.";

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Link href="/users" className="text-sm font-medium text-blue-800 hover:underline">
          ← All users
        </Link>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="text-2xl font-semibold break-all text-slate-900">{title}</h1>
          <SeatBadge seat={user.seatType} status={user.status} />
          {active ? <StatusBadge tone="good">Active</StatusBadge> : <StatusBadge tone="warn">Deactivated</StatusBadge>}
        </div>
        {profile.name && <p className="text-sm break-all text-slate-600">{profile.userName}</p>}
      </div>

      {!active && user.reactivationRequestedAt != null && (
        <Alert tone="info">
          <p className="font-medium">
            The identity provider asked to reactivate this user on {formatDateTime(user.reactivationRequestedAt)}.
          </p>
          <p className="mt-1">
            Directory Integration does not reactivate users: the user stays deactivated until a System Admin reactivates
            them below{diEnabled ? " (DI off → reactivate → DI on)" : ""}.
          </p>
        </Alert>
      )}
      {(async () => {
        // Issue 14 §1: what the IdP asked for this user that the mass-deactivation breaker holds.
        const held = await findHeldChangeOfUser(db, user.id);
        return held && (
          <Alert tone="warn">
            <p className="font-medium" data-testid="held-change-line">
              Held: {held.actor} asked to {held.requested} on {formatDateTime(held.heldAt)}; the mass-deactivation breaker holds it
              until a System Admin releases or discards it in{" "}
              <Link href="/security/held-changes" className="underline">Held changes</Link>.
            </p>
          </Alert>
        );
      })()}
      {why.overrideNote && (
        <Alert tone="warn">
          <p className="font-medium">Pending override: {why.overrideNote}</p>
          <p className="mt-1">
            To keep the change, change the user&apos;s roles or groups in the identity provider; otherwise the next sync
            replaces it.
          </p>
        </Alert>
      )}
      {user.scimDeletedAt != null && (
        <Alert tone="info">
          The identity provider deleted this user on {formatDateTime(user.scimDeletedAt)}: SCIM no longer shows them, and the
          plan keeps them deactivated with their history.
        </Alert>
      )}

      <Tabs userId={user.id} current={tab} />

      {tab === "provisioning" ? (
        <Card
          id="provisioning"
          title="Provisioning"
          description="What the identity provider sent about this user and what Admin Center answered: every SCIM request naming them, newest first, with the existence checks before each create or update."
        >
          <ProvisioningTab userId={user.id} initial={await listUserScimRequests(db, { userId: user.id }, now)} />
        </Card>
      ) : (
      <>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card
          id="seat"
          title="Seat"
          description="Which seat this user holds, and why."
          actions={
            active ? (
              <ChangeSeatDialog
                userId={user.id}
                userName={user.userName}
                current={user.seatType}
                options={options}
                diEnabled={diEnabled}
              />
            ) : undefined
          }
        >
          <dl className="divide-y divide-slate-100">
            <Row term="Seat" testId="current-seat">
              {active ? (
                <>
                  <SeatBadge seat={user.seatType} />
                  <span className="mt-1 block text-slate-600">{SEAT_DESCRIPTIONS[user.seatType]}</span>
                </>
              ) : (
                <>No seat: deactivated users hold none. Reactivating gives back {user.seatType}.</>
              )}
            </Row>
            <Row term="Why">{why.reason}</Row>
            <Row term="Managed by Directory Integration" testId="di-managed">
              {diLine}
            </Row>
            {why.diSeat && why.diSeat !== user.seatType && (
              <Row term="Directory Integration would set">
                <SeatBadge seat={why.diSeat} />
              </Row>
            )}
            {user.seatType === "Provisional Member" && user.reviewEndsAt != null && active && (
              <Row term="Review period ends">{formatDate(user.reviewEndsAt)}</Row>
            )}
            <Row term="Roles">
              {why.roles.length === 0 ? (
                <span className="text-slate-600">
                  None from the identity provider (no role sent, no mapped group): Directory Integration gives a Contributor
                  seat.
                </span>
              ) : (
                <ul className="flex flex-col gap-0.5">
                  {why.roles.map((r) => (
                    <li key={`${r.role}-${r.via}`}>
                      <code className="font-mono text-[0.8125rem]">{r.role}</code> <span className="text-slate-600">{r.via}</span>
                    </li>
                  ))}
                </ul>
              )}
              {why.unknownRoles.length > 0 && (
                <p className="mt-1 text-amber-900">
                  Ignored values that are not roles: {why.unknownRoles.join(", ")}. Check the role mapping in the identity
                  provider.
                </p>
              )}
            </Row>
            <Row term="Groups">
              {why.groups.length === 0 ? (
                <span className="text-slate-600">In no group pushed by the identity provider.</span>
              ) : (
                <ul className="flex flex-wrap gap-1.5">
                  {why.groups.map((g) => (
                    <li key={g.id} className="rounded bg-slate-100 px-2 py-0.5">
                      {g.displayName}
                    </li>
                  ))}
                </ul>
              )}
              <Link href="/groups" className="mt-1 block text-blue-800 hover:underline">
                Map groups to roles in Groups
              </Link>
            </Row>
          </dl>
        </Card>

        <Card id="profile" title="Profile from the identity provider" description="As the identity provider last sent it.">
          <dl className="divide-y divide-slate-100">
            <Row term="Username">{profile.userName}</Row>
            <Row term="Name">{profile.name ?? missing}</Row>
            <Row term="Emails">
              {profile.emails.length === 0 ? (
                missing
              ) : (
                <ul>
                  {profile.emails.map((e) => (
                    <li key={e.value} className="break-all">
                      {e.value}
                      <span className="text-slate-600">
                        {[e.type, e.primary ? "primary" : null].filter(Boolean).length > 0 &&
                          ` (${[e.type, e.primary ? "primary" : null].filter(Boolean).join(", ")})`}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Row>
            <Row term="Title">{profile.title ?? missing}</Row>
            <Row term="Department">{profile.department ?? missing}</Row>
            {profile.organization && <Row term="Organization">{profile.organization}</Row>}
            {profile.division && <Row term="Division">{profile.division}</Row>}
            {profile.employeeNumber && <Row term="Employee number">{profile.employeeNumber}</Row>}
            <Row term="Manager">
              {profile.manager ? (
                profile.manager.userId ? (
                  <Link href={`/users/${profile.manager.userId}`} className="text-blue-800 hover:underline">
                    {profile.manager.name}
                  </Link>
                ) : (
                  <>
                    {profile.manager.value} <span className="text-slate-600">(not a user of this plan)</span>
                  </>
                )
              ) : (
                missing
              )}
            </Row>
            <Row term="External ID">{profile.externalId ?? missing}</Row>
            <Row term="Source">{SOURCE_LABELS[profile.source]}</Row>
            {user.scimLinkedAt != null && (
              <Row term="Linked to the identity provider" testId="scim-linked">
                On <When ms={user.scimLinkedAt} />: on the plan before SCIM, now managed by the identity provider with their history kept.
              </Row>
            )}
            <Row term="Created">
              <When ms={profile.createdAt} />
            </Row>
            <Row term="First sign-in">
              <When ms={profile.firstSignInAt} empty="Not signed in yet" />
            </Row>
            <Row term="Last sign-in">
              <When ms={profile.lastSignInAt} empty="Not signed in yet" />
            </Row>
            <Row term="Last synced" testId="last-synced">
              <When
                ms={lastSynced}
                empty={
                  profile.source === "scim"
                    ? `No SCIM request about this user in the last ${plan?.activityRetentionDays ?? 400} days of activity`
                    : "Never: not provisioned by the identity provider"
                }
              />
              {lastSynced != null && (
                <span className="block text-xs text-slate-500">The identity provider&apos;s last successful SCIM request about this user.</span>
              )}
            </Row>
          </dl>
        </Card>
      </div>

      <Card
        id="account"
        title="Account"
        description={
          active
            ? "Active: the user can sign in and holds the seat above."
            : `Deactivated on ${formatDateTime(user.deactivatedAt)}: the user cannot sign in and holds no seat.`
        }
        actions={
          active ? <DeactivateUserButton userId={user.id} userName={user.userName} diEnabled={diEnabled} /> : undefined
        }
      >
        {!active && <ReactivateUserFlow userId={user.id} userName={user.userName} seat={user.seatType} diEnabled={diEnabled} />}
      </Card>

      <Card id="history" title="History" description="Seat changes, account changes and SCIM requests for this user, newest first.">
        <UserHistory userId={user.id} initial={history} />
      </Card>
      </>
      )}
    </div>
  );
}
