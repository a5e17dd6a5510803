import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { parseUserFilters, userFiltersToQuery, userFiltersToSearch } from "@/app/(admin)/users/_components/user-filters";
import { UsersScreen } from "@/app/(admin)/users/_components/users-screen";
import { browseUsers } from "@/lib/directory/browse-users";

export const metadata: Metadata = { title: "Users" };

/**
 * The users list. The first page is rendered on the server for the filters in the URL;
 * after that the client fetches pages itself from GET /api/users (_components/users-screen.tsx).
 */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = await adminContext();
  const filters = parseUserFilters(await searchParams);
  return <UsersScreen initialSearch={userFiltersToSearch(filters)} initialList={await browseUsers(db, userFiltersToQuery(filters))} />;
}
