/**
 * The Admin Center's navigation, in SPEC order. Only pages that exist are listed: add an
 * entry here when its page lands (Users, Groups, Activity come with their screens).
 */
export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/security", label: "Security & Controls" },
];

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
