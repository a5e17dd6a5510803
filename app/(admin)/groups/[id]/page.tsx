import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { adminContext } from "@/app/_auth/require-admin";
import { GroupMembers } from "@/app/(admin)/groups/_components/group-members";
import { roleOptions } from "@/app/(admin)/groups/_components/role-options";
import { seatEffectText } from "@/app/(admin)/groups/_components/seat-effect";
import { LocalTime } from "@/components/activity/local-time";
import { Card } from "@/components/ui/card";
import { DEFAULT_ACTIVITY_RETENTION_DAYS } from "@/lib/activity/retention";
import { AppError } from "@/lib/errors";
import { listGroupMembers, type GroupMembersPage } from "@/lib/groups/list-group-members";
import { getPlan } from "@/lib/plan/get-plan";

const number = new Intl.NumberFormat("en");

/** A malformed escape in a hand-typed URL is a "not found", never a 500. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function read(db: Parameters<typeof listGroupMembers>[0], id: string): Promise<GroupMembersPage | null> {
  try {
    return await listGroupMembers(db, { groupId: id });
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "invalid")) return null;
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { db } = await adminContext();
  const found = await read(db, safeDecode((await params).id));
  return { title: found ? `${found.group.displayName} · Groups` : "Group not found" };
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-x-4 gap-y-0.5 py-2 sm:grid-cols-[13rem_1fr]">
      <dt className="text-sm text-slate-600">{term}</dt>
      <dd className="min-w-0 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { db } = await adminContext();
  const found = await read(db, safeDecode((await params).id));
  if (!found) notFound();
  const { group } = found;
  const retentionDays = (await getPlan(db))?.activityRetentionDays ?? DEFAULT_ACTIVITY_RETENTION_DAYS;
  const option = group.role ? roleOptions().find((r) => r.role === group.role) : undefined;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href="/groups" className="text-sm font-medium text-blue-800 underline">
          ← Groups
        </Link>
        <h1 className="mt-2 text-2xl font-semibold break-words text-slate-900">{group.displayName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          A group the identity provider pushed, with {number.format(found.total)} member{found.total === 1 ? "" : "s"}.
        </p>
      </div>

      <Card id="group-details" title="About this group">
        <dl className="divide-y divide-slate-100">
          <Row term="Identity provider's id">
            {group.externalId ? <code className="font-mono text-xs break-all">{group.externalId}</code> : "Not sent"}
          </Row>
          <Row term="First pushed">
            <LocalTime at={group.createdAt} />
          </Row>
          <Row term="Last pushed">
            {group.lastPushedAt === null ? (
              <>Not in the last {number.format(retentionDays)} days of activity</>
            ) : (
              <LocalTime at={group.lastPushedAt} />
            )}
            <span className="block text-xs text-slate-600">
              The identity provider&apos;s last request about this group, also one that changed nothing.
              {group.lastPushedAt === null && " The activity log keeps entries for that long, so any push came before."}
            </span>
          </Row>
          <Row term="Last changed by a push">
            <LocalTime at={group.updatedAt} />
            <span className="block text-xs text-slate-600">
              A rename or a membership change. A push that changes nothing (Okta repeats each group&apos;s name with every
              membership push) leaves this time as it is.
            </span>
          </Row>
          <Row term="Mapped role">
            {group.role ? (
              <>
                {option?.label ?? group.role} <code className="font-mono text-xs text-slate-600">{group.role}</code>
                <span className="block text-xs text-slate-600">
                  {seatEffectText(option?.seat ?? null)}.
                  {group.mappedBy && (
                    <>
                      {" "}
                      Mapped by {group.mappedBy}
                      {group.mappedAt && (
                        <>
                          {" "}
                          on <LocalTime at={group.mappedAt} />
                        </>
                      )}
                      .
                    </>
                  )}
                </span>
              </>
            ) : (
              <>
                Not mapped: membership gives no role.{" "}
                <Link href="/groups" className="font-medium text-blue-800 underline">
                  Map it on the Groups page
                </Link>
              </>
            )}
          </Row>
        </dl>
      </Card>

      <Card id="group-members" title="Members" description="In the order the identity provider provisioned them.">
        <GroupMembers initial={found} />
      </Card>
    </div>
  );
}
