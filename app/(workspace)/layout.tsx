import Link from "next/link";
import type { ReactNode } from "react";
import { requirePlanUser } from "@/app/_auth/require-plan-user";
import { QueryProvider } from "@/components/shell/query-provider";
import { Button } from "@/components/ui/button";
import { hasSystemAdminRights } from "@/lib/directory/has-system-admin-rights";
import { getPlan } from "@/lib/plan/get-plan";
import { planUserName } from "@/lib/workspace/get-workspace";
import { SkipToContent } from "@/components/shell/skip-to-content";

/**
 * The plan users' side of the product (/app), for people who signed in through the plan's
 * IdP. The session is looked up on every render (requirePlanUser), and the page checks it
 * again: Next renders a layout and its page independently.
 */
export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const { user, db } = await requirePlanUser();
  const plan = await getPlan(db);
  return (
    <QueryProvider>
      <SkipToContent />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 lg:px-6">
          <div className="flex min-w-0 items-baseline gap-3">
            <span className="text-lg font-semibold text-slate-900">{plan?.name ?? "Workspace"}</span>
            <span className="text-sm text-slate-600">Workspace</span>
          </div>
          <div className="flex min-w-0 flex-wrap items-center gap-3">
            <span className="min-w-0 text-sm text-slate-700">
              <span className="sr-only">Signed in as </span>
              <span className="font-medium">{planUserName(user)}</span>
              {user.email && <span className="ml-1 break-all text-slate-600">({user.email})</span>}
            </span>
            {await hasSystemAdminRights(db, user) && (
              <Link href="/" className="text-sm font-medium text-blue-700 hover:underline">
                Admin Center
              </Link>
            )}
            <form method="post" action="/sso/sign-out">
              <Button type="submit" variant="secondary" size="sm">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 lg:px-6">
        {children}
      </main>
    </QueryProvider>
  );
}
