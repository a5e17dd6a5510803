"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { LocalTime } from "@/components/activity/local-time";
import { fetchResult } from "@/components/ui/fetch-result";
import { Alert } from "@/components/ui/alert";
import { Pagination } from "@/components/ui/pagination";
import { StatusBadge } from "@/components/ui/status-badge";
import { MEMBER_PAGE_SIZES } from "@/lib/groups/group-member-paging";
import type { GroupMembersPage } from "@/lib/groups/list-group-members";

/** A pushed group's members, a page at a time from the server (app/api/groups/members). */
export function GroupMembers({ initial }: { initial: GroupMembersPage }) {
  const groupId = initial.group.id;
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(initial.pageSize);
  const members = useQuery({
    queryKey: ["group-members", groupId, page, size],
    queryFn: () => fetchResult<GroupMembersPage>("/api/groups/members", { group: groupId, page, size }),
    initialData: page === 1 && size === initial.pageSize ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const data = members.data ?? initial;

  if (data.total === 0) {
    return (
      <p className="text-sm text-slate-700">
        No members: the identity provider pushed this group empty, or removed everyone from it.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3" aria-busy={members.isFetching}>
      {members.isError && <Alert tone="error">{members.error.message}</Alert>}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Members of {data.group.displayName}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                User
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Seat
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                In the group since
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.members.map((m) => (
              <tr key={m.userId} className="align-top">
                <td className="px-3 py-2">
                  <div className="flex flex-col">
                    <Link href={`/users/${m.userId}`} className="font-medium break-words text-blue-800 underline">
                      {m.displayName ?? m.userName}
                    </Link>
                    {m.displayName ? (
                      <span className="text-xs break-all text-slate-600">{m.email ?? m.userName}</span>
                    ) : (
                      m.email &&
                      m.email !== m.userName && <span className="text-xs break-all text-slate-600">{m.email}</span>
                    )}
                  </div>
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-800">{m.status === "active" ? m.seatType : "No seat"}</td>
                <td className="px-3 py-2">
                  {m.scimDeleted ? (
                    <StatusBadge tone="neutral">Deleted by the IdP</StatusBadge>
                  ) : m.status === "active" ? (
                    <StatusBadge tone="good">Active</StatusBadge>
                  ) : (
                    <StatusBadge tone="neutral">Deactivated</StatusBadge>
                  )}
                </td>
                <td className="px-3 py-2 text-slate-700">
                  <LocalTime at={m.addedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        label="Member pages"
        itemLabel="members"
        itemLabelOne="member"
        page={data.page}
        pageSize={data.pageSize}
        total={data.total}
        pageSizes={MEMBER_PAGE_SIZES}
        onPageChange={setPage}
        onPageSizeChange={(next) => {
          setSize(next);
          setPage(1);
        }}
      />
    </div>
  );
}
