/**
 * The roles a pushed group can be mapped to, in words, with the seat each gives (docs/product.md §2).
 * Built on the server (it reads the seat engine's rules) and passed to the client as data.
 */
import { ROLES, type Role } from "@/db/schema";
import { seatOfRole } from "@/lib/seats";
import type { RoleOption } from "./seat-effect";

const LABELS: Record<Role, string> = {
  LICENSED_USER: "Licensed User",
  GROUP_ADMIN: "Group Admin",
  RESOURCE_VIEWER: "Resource Viewer",
  USER_ADMIN: "System Admin: user admin",
  PAYMENT_ADMIN: "System Admin: payment admin",
  DATA_ADMIN: "System Admin: data admin",
  JIRA_USER: "Jira connector user",
  JIRA_ADMIN: "Jira connector admin",
  SALESFORCE_USER: "Salesforce connector user",
  SALESFORCE_ADMIN: "Salesforce connector admin",
};

export function roleOptions(): RoleOption[] {
  return ROLES.map((role) => ({ role, label: LABELS[role], seat: seatOfRole(role) }));
}
