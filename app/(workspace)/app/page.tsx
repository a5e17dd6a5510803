import type { Metadata } from "next";
import { requirePlanUser } from "@/app/_auth/require-plan-user";
import { LocalTime } from "@/components/activity/local-time";
import { Card } from "@/components/ui/card";
import { formatDay } from "@/lib/format-time";
import { contactList } from "@/lib/workspace/create-sheet";
import { getWorkspace } from "@/lib/workspace/get-workspace";
import { CreateSheetForm } from "./_components/create-sheet-form";

export const metadata: Metadata = { title: "Workspace" };

/** /app: the signed-in plan user's seat, what it allows, and their sheets; read at this request. */
export default async function WorkspacePage() {
  const { user, db } = await requirePlanUser();
  const workspace = await getWorkspace(db, user);
  const { abilities } = workspace;
  const contacts = contactList(workspace.adminContacts);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Hello, {workspace.user.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Your work on {workspace.planName}.</p>
      </div>

      <Card id="seat" title={<>Your seat: {workspace.seat}</>} description={abilities.summary}>
        <ul className="flex list-disc flex-col gap-1 pl-5 text-sm text-slate-700">
          {abilities.details.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {!abilities.opensContent && (
          <p className="mt-3 text-sm text-slate-700">
            To open plan content, ask a System Admin of the plan for a seat: {contacts}.
          </p>
        )}
        {workspace.reviewEndsAt !== null && (
          <p className="mt-3 text-sm text-slate-700">
            Review period ends: <strong>{formatDay(workspace.reviewEndsAt)}</strong>
          </p>
        )}
      </Card>

      {abilities.opensContent && (
        <Card
          id="sheets"
          title="Your sheets"
          description={
            workspace.sheetCount === 0
              ? "You own no sheets yet."
              : workspace.sheetCount > workspace.sheets.length
                ? `You own ${workspace.sheetCount.toLocaleString("en-US")} sheets; the newest ${workspace.sheets.length} are listed.`
                : `You own ${workspace.sheetCount} sheet${workspace.sheetCount === 1 ? "" : "s"}, newest first.`
          }
        >
          {abilities.createSheet !== "none" ? (
            <CreateSheetForm
              hint={
                abilities.createSheet === "provisional"
                  ? "As a Contributor, creating a sheet makes you a Provisional Member for a review period."
                  : abilities.createSheet === "ask"
                    ? `Creating sheets needs a Member seat: ask ${contacts}.`
                    : undefined
              }
            />
          ) : (
            <p className="text-sm text-slate-700">Guests cannot create sheets on this plan.</p>
          )}
          {workspace.sheets.length > 0 && (
            <ul className="mt-4 divide-y divide-slate-200 border-t border-slate-200" aria-label="Your sheets">
              {workspace.sheets.map((sheet) => (
                <li key={sheet.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
                  <span className="min-w-0 break-words font-medium text-slate-900">{sheet.name}</span>
                  <span className="text-slate-600">
                    Created <LocalTime at={sheet.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
