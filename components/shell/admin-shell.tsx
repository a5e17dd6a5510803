import Link from "next/link";
import type { ReactNode } from "react";
import type { ProvisioningAlert } from "@/lib/overview/get-provisioning-alert";
import { AdminNav } from "./admin-nav";
import { DiOffBanner } from "./di-off-banner";
import { QueryProvider } from "./query-provider";
import { SignOutButton } from "./sign-out-button";
import { SkipToContent } from "@/components/shell/skip-to-content";

export function AdminShell({
  planName,
  adminEmail,
  signedInWith,
  provisioningAlert,
  heldChanges = 0,
  children,
}: {
  planName: string | null;
  adminEmail: string;
  /** How the admin signed in ("Signed in with a password (local admin)", "Signed in through Okta (SAML)"): app/_auth/require-admin.ts signedInWith. */
  signedInWith?: string | undefined;
  /** Directory Integration is off on a plan in use: a banner on every page (lib/overview/get-provisioning-alert.ts). */
  provisioningAlert: ProvisioningAlert | null;
  /** Changes the mass-deactivation breaker holds now (lib/directory/get-breaker-status.ts countHeldNow): a banner on every page. */
  heldChanges?: number;
  children: ReactNode;
}) {
  return (
    <QueryProvider>
      <SkipToContent />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 lg:px-6">
          <div className="flex min-w-0 items-baseline gap-3">
            <span className="text-lg font-semibold text-slate-900">Admin Center</span>
            <span className="truncate text-sm text-slate-600" title="Plan">
              <span className="sr-only">Plan: </span>
              {planName ?? "No plan yet"}
            </span>
          </div>
          <div className="flex min-w-0 items-center gap-3">
            <span className="flex min-w-0 flex-col text-right text-sm text-slate-700">
              <span className="truncate">
                <span className="sr-only">Signed in as </span>
                {adminEmail}
              </span>
              {signedInWith && (
                <span className="text-xs text-slate-600" data-testid="signed-in-with">
                  {signedInWith}
                </span>
              )}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      {heldChanges > 0 && <HeldChangesBanner count={heldChanges} />}
      {provisioningAlert && <DiOffBanner alert={provisioningAlert} />}
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-4 lg:flex-row lg:gap-8 lg:px-6 lg:py-6">
        <aside className="border-b border-slate-200 pb-3 lg:w-56 lg:shrink-0 lg:border-b-0 lg:pb-0">
          <AdminNav />
        </aside>
        <main id="main" className="min-w-0 flex-1" tabIndex={-1}>
          {children}
        </main>
      </div>
    </QueryProvider>
  );
}

const number = new Intl.NumberFormat("en");

/** While the mass-deactivation breaker is tripped (README "Mass-deactivation breaker"): what waits for an admin. */
function HeldChangesBanner({ count }: { count: number }) {
  return (
    <section aria-labelledby="held-changes-banner-title" className="border-b border-red-300 bg-red-50 text-red-950" data-testid="held-changes-banner">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 text-sm lg:px-6">
        <div className="min-w-0">
          <h2 id="held-changes-banner-title" className="text-base font-semibold">
            {number.format(count)} {count === 1 ? "change" : "changes"} from the identity provider {count === 1 ? "is" : "are"} held
          </h2>
          <p>
            The mass-deactivation breaker tripped: these deactivations and downgrades are not applied until a System Admin releases
            or discards them.
          </p>
        </div>
        <Link
          href="/security/held-changes"
          className="rounded-md bg-red-800 px-3 py-1.5 font-medium whitespace-nowrap text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800"
        >
          Held changes
        </Link>
      </div>
    </section>
  );
}
