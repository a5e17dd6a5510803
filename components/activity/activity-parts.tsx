import { clsx } from "clsx";
import Link from "next/link";
import type { ActivityEntryView } from "./activity-types";
import {
  activityTitle,
  actorText,
  changeText,
  failureHint,
  ignoredAttributesOf,
  isFailed,
  refusedAttemptsOf,
  repeatOf,
  statusText,
  tokenLabel,
} from "./describe-activity";
import { LocalTime } from "./local-time";

const KIND_TEXT: Record<ActivityEntryView["kind"], string> = {
  scim: "SCIM",
  seat: "Seat",
  settings: "Settings",
  user: "User",
  auth: "Sign-in",
};

/** The HTTP status of a SCIM request; a failure reads "Failed" with an icon, never colour alone. */
export function ScimStatus({ status }: { status: number }) {
  const failed = status >= 400;
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        failed ? "bg-red-100 text-red-900 ring-red-600/40" : "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
      )}
    >
      <span aria-hidden="true">{failed ? "✕" : "✓"}</span>
      {failed ? "Failed: " : ""}
      {status} {statusText(status)}
    </span>
  );
}

export function KindTag({ kind }: { kind: ActivityEntryView["kind"] }) {
  return (
    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[0.6875rem] font-semibold tracking-wide text-slate-700 uppercase">
      {KIND_TEXT[kind]}
    </span>
  );
}

/** What happened: the SCIM request line, or the change (from → to) and why. */
export function EntryEvent({
  entry,
  compact = false,
  withStatus = false,
}: {
  entry: ActivityEntryView;
  compact?: boolean;
  /** Show a SCIM request's status badge here (when no column shows it). */
  withStatus?: boolean;
}) {
  if (entry.kind === "scim") {
    const hint = isFailed(entry) ? failureHint(entry) : null;
    const repeat = repeatOf(entry);
    const ignored = ignoredAttributesOf(entry);
    return (
      <div className="flex min-w-0 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <KindTag kind={entry.kind} />
          <code className="font-mono text-[0.8125rem] font-semibold text-slate-900">{entry.method}</code>
          <code className="min-w-0 font-mono text-[0.8125rem] break-all text-slate-800">{entry.path}</code>
        </div>
        {withStatus && entry.status !== null && (
          <span>
            <ScimStatus status={entry.status} />
          </span>
        )}
        {repeat && (
          <p className="text-sm font-medium text-slate-800" data-testid="activity-repeat">
            {repeat.count.toLocaleString("en-GB")} identical requests from this address
            {repeat.lastAt !== null && (
              <>
                , the last at <LocalTime at={repeat.lastAt} withSeconds />
              </>
            )}
          </p>
        )}
        {!compact && isFailed(entry) && entry.reason && <p className="text-sm text-red-900">{entry.reason}</p>}
        {!compact && hint && <p className="text-xs text-slate-700">{hint}</p>}
        {!compact && ignored.length > 0 && (
          <p className="text-xs text-slate-700">
            Ignored attributes this service does not know (check the IdP&apos;s attribute mappings):{" "}
            <code className="font-mono break-all">{ignored.join(", ")}</code>
          </p>
        )}
      </div>
    );
  }
  const change = changeText(entry);
  const refused = refusedAttemptsOf(entry);
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <KindTag kind={entry.kind} />
        <span className="font-medium text-slate-900">{activityTitle(entry)}</span>
        {change && <span className="text-slate-800">{change}</span>}
      </div>
      {entry.reason && <p className={clsx("text-sm text-slate-600", compact && "line-clamp-2")}>{entry.reason}</p>}
      {refused !== null && (
        <p className="text-sm font-medium text-slate-800" data-testid="activity-refused">
          {refused.toLocaleString("en-GB")} further attempt{refused === 1 ? "" : "s"} refused during the wait, password unchecked
        </p>
      )}
    </div>
  );
}

/** An email that, when it must wrap, wraps before the "@" rather than mid-word. */
export function EmailText({ value }: { value: string }) {
  const at = value.indexOf("@");
  if (at <= 0) return <span className="[overflow-wrap:anywhere]">{value}</span>;
  return (
    <span className="[overflow-wrap:anywhere]">
      {value.slice(0, at)}
      <wbr />
      {value.slice(at)}
    </span>
  );
}

/** The user an entry is about, linked to their page. */
export function EntryUser({ entry }: { entry: ActivityEntryView }) {
  if (!entry.userId) return <span className="text-slate-500">—</span>;
  return (
    <Link href={`/users/${encodeURIComponent(entry.userId)}`} className="text-blue-800 underline hover:text-blue-900">
      <EmailText value={entry.userName ?? entry.userId} />
    </Link>
  );
}

/** Who did it; for SCIM requests the token's name and the request's duration. */
export function EntryBy({ entry }: { entry: ActivityEntryView }) {
  if (entry.kind === "scim") {
    const token = tokenLabel(entry);
    return (
      <div className="flex flex-col gap-0.5 text-sm">
        <span className="text-slate-800">
          <span className="text-slate-600">Token: </span>
          {token}
        </span>
        {entry.durationMs !== null && <span className="text-xs text-slate-600 tabular-nums">{entry.durationMs} ms</span>}
        {entry.clientAddress && (
          <span className="text-xs break-all text-slate-600">
            From <span className="font-mono">{entry.clientAddress}</span>
          </span>
        )}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-0.5 text-sm">
      <span className="break-words text-slate-800">{actorText(entry)}</span>
      {entry.clientAddress && (
        <span className="text-xs break-all text-slate-600">
          From <span className="font-mono">{entry.clientAddress}</span>
        </span>
      )}
    </div>
  );
}
