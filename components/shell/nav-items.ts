/**
 * The Admin Center's navigation, in the order issue 5 lists the screens.
 */
export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/users", label: "Users" },
  { href: "/groups", label: "Groups" },
  { href: "/security", label: "Security & Controls" },
  { href: "/activity", label: "Activity" },
  { href: "/admins", label: "Admins" },
];

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
