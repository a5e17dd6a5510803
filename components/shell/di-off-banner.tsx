import Link from "next/link";
import { LocalTime } from "@/components/activity/local-time";
import type { ProvisioningAlert } from "@/lib/overview/get-provisioning-alert";

const number = new Intl.NumberFormat("en");

const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

/**
 * Shown on every Admin Center page while Directory Integration is off on a plan in use
 * (issue 13): the identity provider's changes are refused, so leavers keep their access.
 *
 * What each IdP does with a refused (403) request, from its own documentation:
 * - Okta: a failed provisioning operation is listed under Dashboard › Tasks in the Okta Admin
 *   Console; it is tried again when an Okta admin selects it there and clicks Retry Selected.
 *   https://help.okta.com/oie/en-us/Content/Topics/Provisioning/lcm/troubleshooting.htm and
 *   https://support.okta.com/help/s/article/qualified-application-provisioning-error-while-verifying-if-user-exists-unauthorized-errors-reported-by-remote-server-unauthorized-in-okta
 * - Microsoft Entra ID: a failed operation is retried (escrow) about 2, 6, 12, 24, 48, 96 and
 *   168 hours after the first failure, then flagged and not retried; when most calls fail the
 *   job goes into quarantine, its cycles slow to once a day, and after four weeks in
 *   quarantine the job is disabled.
 *   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-quarantine-status
 *   (sections "Retry duration" and "While in quarantine")
 */
export function DiOffBanner({ alert }: { alert: ProvisioningAlert }) {
  return (
    <section
      aria-labelledby="di-off-banner-title"
      className="border-b border-amber-300 bg-amber-50 text-amber-950"
      data-testid="di-off-banner"
    >
      <div className="mx-auto flex max-w-7xl flex-col gap-1.5 px-4 py-3 text-sm lg:px-6">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
          <h2 id="di-off-banner-title" className="text-base font-semibold">
            Directory Integration is off: the identity provider cannot change anyone here
          </h2>
          <Link
            href="/security/directory"
            className="rounded-md bg-amber-900 px-3 py-1.5 font-medium whitespace-nowrap text-white hover:bg-amber-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-900"
          >
            Turn Directory Integration on
          </Link>
        </div>
        <p>
          Every SCIM request is refused (403), so people deactivated in the identity provider keep their access and their
          seat.{" "}
          <strong className="font-semibold">
            {plural(alert.refused, "request", "requests")} refused
            {alert.offSince !== null ? (
              <>
                {" "}
                since DI was turned off on <LocalTime at={alert.offSince} />
              </>
            ) : (
              " so far"
            )}
          </strong>
          {alert.refused > 0 && <> ({plural(alert.refusedChanges, "change", "changes")} to users or groups, the rest reads)</>}.{" "}
          <Link href="/activity?kind=scim&amp;status=403" className="font-medium underline">
            See them in Activity
          </Link>
        </p>
        <p>
          <strong className="font-semibold">Okta</strong> lists each refused change under Dashboard › Tasks and applies it
          only when an Okta admin selects it there and clicks Retry Selected.{" "}
          <strong className="font-semibold">Microsoft Entra ID</strong> retries each one about 2, 6, 12, 24, 48, 96 and 168
          hours after it first failed, then stops; when most of its requests fail it quarantines the app, syncs once a day, and
          after four weeks in quarantine turns provisioning off.
        </p>
      </div>
    </section>
  );
}
