import type { ActivityEntryView } from "@/components/activity/activity-types";
import { activityTitle } from "@/components/activity/describe-activity";

/**
 * What an entry of a user's history means, in words, where the user's page says it more
 * closely than the Activity page does; every other entry reads as on the Activity page.
 */
const LABELS: Record<string, string> = {
  "seat.changed": "Seat changed",
  "seat.override_pending": "Seat changed by an admin (pending override)",
  "seat.override_replaced": "Admin's seat change replaced by Directory Integration",
  "seat.override_confirmed": "Admin's seat change now matches the identity provider",
  "seat.reevaluated": "Seat set by a Directory Integration re-evaluation",
  "seat.review_ended": "Provisional review period ended",
  "user.deactivated": "Deactivated",
  "user.deleted": "Deleted by the identity provider (deactivated)",
  "user.reactivated": "Reactivated",
  "user.reactivation_requested": "Identity provider asked to reactivate",
  "auth.plan_user_refused": "Sign-in refused",
  "user.linked": "Linked to the identity provider",
  "adoption.requested": "Identity provider asked to link them (waits for approval)",
  "adoption.refused": "Link to the identity provider refused",
};

export function activityLabel(e: ActivityEntryView): string {
  if (e.kind === "scim") return `SCIM ${e.method ?? ""} request`.replace("  ", " ");
  if (e.action === "seat.provisioned") return `Provisioned as ${e.toValue ?? "a user"}`;
  return LABELS[e.action] ?? activityTitle(e);
}

/** "Member → Contributor", or null when the entry is not a change of value. */
export function activityChange(e: ActivityEntryView): string | null {
  if (e.kind === "scim" || e.action === "seat.provisioned") return null;
  if (e.fromValue && e.toValue) return `${e.fromValue} → ${e.toValue}`;
  return e.toValue ?? null;
}
