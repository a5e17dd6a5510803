import Link from "next/link";
import { LocalTime } from "@/components/activity/local-time";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { REFUSED_LIST_DAYS, type RefusedWhileOff } from "@/lib/overview/list-refused-while-off";

const number = new Intl.NumberFormat("en");
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

const METHOD_WORDS: Record<string, string> = {
  PATCH: "update or deactivation",
  PUT: "update",
  DELETE: "deletion",
  POST: "change",
};

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Once Directory Integration is on again: whose changes the identity provider sent while it
 * was off and had refused, so the admin re-pushes them there (a deactivation refused then
 * is a leaver who still has access).
 */
export function RefusedWhileOffCard({ refused }: { refused: RefusedWhileOff }) {
  const activityHref = `/activity?kind=scim&status=403&period=dates&from=${dayOf(refused.offAt)}&to=${dayOf(refused.onAt)}`;
  return (
    <Card
      id="refused-while-off"
      title="Changes refused while Directory Integration was off"
      description={
        <>
          From <LocalTime at={refused.offAt} /> to <LocalTime at={refused.onAt} />,{" "}
          {plural(refused.refused, "SCIM request was", "SCIM requests were")} refused. The identity provider still holds
          these changes: re-push them there, or the people it deactivated keep their access. In Okta, open Dashboard › Tasks,
          select the failed tasks and click Retry Selected; in Microsoft Entra ID, use Provision on demand for each user (or
          Restart provisioning), since its own retries stop after seven days. This list stays here for{" "}
          {REFUSED_LIST_DAYS} days after DI came back on.
        </>
      }
      actions={
        <Link href={activityHref} className="text-sm font-medium text-blue-800 underline hover:text-blue-900">
          See the refused requests
        </Link>
      }
    >
      <div className="flex flex-col gap-4">
        {refused.creates > 0 && (
          <p className="text-sm text-slate-700">
            {plural(refused.creates, "person", "people")} the identity provider tried to create{" "}
            {refused.creates === 1 ? "is" : "are"} not here yet: the request names no user, so find them in the identity
            provider&apos;s failed tasks or provisioning log.
          </p>
        )}
        {refused.userCount > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="mb-2 text-left text-sm font-medium text-slate-900">
                {plural(refused.userCount, "user", "users")} with refused changes
                {refused.userCount > refused.users.length && ` (the ${number.format(refused.users.length)} most recent shown)`}
              </caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    User
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Refused
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Last refused
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {refused.users.map((user) => (
                  <tr key={user.userId} className="align-top">
                    <td className="py-2 pr-4">
                      {user.userName ? (
                        <div className="flex flex-col">
                          <Link href={`/users/${user.userId}`} className="font-medium break-all text-blue-800 underline">
                            {user.displayName ?? user.userName}
                          </Link>
                          {user.displayName && <span className="text-xs break-all text-slate-600">{user.userName}</span>}
                          {user.status === "deactivated" && (
                            <span className="mt-1">
                              <StatusBadge tone="neutral">Deactivated now</StatusBadge>
                            </span>
                          )}
                        </div>
                      ) : (
                        <span className="text-slate-600">
                          No longer here <code className="font-mono text-xs break-all">{user.userId}</code>
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-4 text-slate-700">
                      {plural(user.requests, "request", "requests")}:{" "}
                      {user.methods.map((m) => METHOD_WORDS[m] ?? m).join(", ")}
                    </td>
                    <td className="py-2 text-slate-700">
                      <LocalTime at={user.lastAt} stacked />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {refused.groupCount > 0 && (
          <p className="text-sm text-slate-700">
            Group pushes refused for {plural(refused.groupCount, "group", "groups")}:{" "}
            {refused.groups.map((g, i) => (
              <span key={g.groupId}>
                {i > 0 && ", "}
                {g.displayName ? (
                  <Link href={`/groups/${g.groupId}`} className="font-medium text-blue-800 underline">
                    {g.displayName}
                  </Link>
                ) : (
                  <code className="font-mono text-xs">{g.groupId}</code>
                )}
              </span>
            ))}
            {refused.groupCount > refused.groups.length && ", …"}. In Okta, use Push Groups › Push now for each.
          </p>
        )}
        {refused.userCount === 0 && refused.creates === 0 && refused.groupCount === 0 && (
          <p className="text-sm text-slate-700">All of them were reads (existence checks, imports): no change is missing.</p>
        )}
      </div>
    </Card>
  );
}
