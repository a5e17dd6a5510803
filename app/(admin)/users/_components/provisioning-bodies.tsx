import { clsx } from "clsx";
import type { KeptScimBody, ScimRequestView } from "@/lib/activity/list-user-scim-requests";
import { formatDateTime, isoDate } from "./format";

/** The kept body as a person reads it: pretty-printed when it is whole JSON, as stored otherwise (a cut body is not JSON). */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const kib = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : `${Math.round((bytes / 1024) * 10) / 10} KiB`);

function Body({ label, body, capBytes, empty }: { label: string; body: KeptScimBody | null; capBytes: number; empty: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <p className="text-xs font-medium text-slate-700">{label}</p>
      {body === null ? (
        <p className="text-xs text-slate-500">{empty}</p>
      ) : (
        <>
          <pre
            data-testid={`body-${label.toLowerCase().split(" ")[0]}`}
            className="max-h-96 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-all text-slate-900 ring-1 ring-slate-200 ring-inset"
          >
            {pretty(body.text)}
          </pre>
          {body.truncated > 0 && (
            <p className="text-xs text-amber-900">
              Cut at {kib(capBytes)}: {kib(body.truncated)} more not kept.
            </p>
          )}
        </>
      )}
    </div>
  );
}

/**
 * A SCIM request's bodies (issue 14 §3), as kept: for the user page's Provisioning tab and the
 * Activity page. Secrets were redacted before they were stored; nothing here can show one.
 */
export function ScimBodies({
  entry,
  capBytes,
  retentionDays,
  keptSince,
}: {
  entry: ScimRequestView;
  capBytes: number;
  retentionDays: number;
  keptSince: number;
}) {
  if (!entry.kept) {
    return (
      <p className="text-xs text-slate-500">
        {entry.at < keptSince
          ? `Bodies not kept: older than ${retentionDays} days (Plan switches: SCIM body retention).`
          : "Bodies not kept for this request: it was logged before bodies were kept, or stands for several identical refused requests."}
      </p>
    );
  }
  const isRead = entry.method === "GET" || entry.method === "DELETE";
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <Body
        label={isRead ? "Request (query)" : "Request body"}
        body={entry.request}
        capBytes={capBytes}
        empty={isRead ? "No query string." : "No body."}
      />
      <Body label="Response body" body={entry.response} capBytes={capBytes} empty="No body (e.g. 204 No Content)." />
    </div>
  );
}

/** A request's line: method, path, status, time, token. */
export function ScimRequestLine({ entry, compact = false }: { entry: ScimRequestView; compact?: boolean }) {
  const failed = (entry.status ?? 0) >= 400;
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5">
      <span className={clsx("font-mono break-all", compact ? "text-xs" : "text-sm", failed ? "text-red-800" : "text-slate-900")}>
        <span className="font-semibold">{entry.method}</span> {entry.path} → {entry.status}
        {entry.count > 1 && <span className="font-sans text-slate-600"> ({entry.count} identical requests)</span>}
      </span>
      <span className="text-xs whitespace-nowrap text-slate-500">
        <time dateTime={isoDate(entry.at)}>{formatDateTime(entry.at)}</time>
        {" · "}
        {entry.token ? `token '${entry.token}'` : "no valid token"}
        {entry.durationMs != null && ` · ${entry.durationMs} ms`}
      </span>
    </div>
  );
}
