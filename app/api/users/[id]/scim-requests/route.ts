import type { NextRequest } from "next/server";
import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { listUserScimRequests } from "@/lib/activity/list-user-scim-requests";

const query = (userId: string) =>
  z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1) }).transform((q) => ({ userId, page: q.page }));

/** One page of a user's SCIM requests with their bodies, for the user page's Provisioning tab. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const route = adminRoute(query(id), async (input, { db }) => listUserScimRequests(db, input, Date.now()), {
    failure: "Loading the user's SCIM requests",
  });
  return route(request);
}
