/** The sub-pages of Security & Controls, in the order of the setup checklist. */
export const SECURITY_PAGES = [
  { href: "/security", label: "Overview" },
  { href: "/security/directory", label: "Directory Integration" },
  { href: "/security/domains", label: "Domains" },
  { href: "/security/tokens", label: "SCIM tokens" },
  { href: "/security/plan", label: "Plan switches" },
  { href: "/security/sso", label: "Single sign-on" },
  // Issue 14: safety features, after the set-up steps.
  { href: "/security/held-changes", label: "Held changes" },
  { href: "/security/adoption", label: "Adoption" },
  { href: "/security/webhooks", label: "Webhooks" },
] as const;

/**
 * Where each old single-page anchor (`/security#…`, still linked from other screens and
 * bookmarks) lives now: the overview forwards a hash it does not hold to its sub-page.
 */
export const ANCHOR_PAGES: Record<string, string> = {
  "directory-integration": "/security/directory",
  "di-switch": "/security/directory",
  "okta-steps": "/security/directory",
  domains: "/security/domains",
  "domain-name": "/security/domains",
  tokens: "/security/tokens#scim-tokens",
  "scim-tokens": "/security/tokens",
  "scim-base-url": "/security/tokens",
  "generate-token": "/security/tokens",
  "plan-switches": "/security/plan",
  "auto-upgrade-switch": "/security/plan",
  "uap-switch": "/security/plan",
  "review-days": "/security/plan",
};

/** The sub-page (with its anchor) an old `/security#anchor` link meant, or null when the overview holds it. */
export function forwardAnchor(hash: string): string | null {
  const anchor = decodeURIComponent(hash.replace(/^#/, ""));
  const page = Object.hasOwn(ANCHOR_PAGES, anchor) ? ANCHOR_PAGES[anchor] : undefined;
  if (!page) return null;
  return page.includes("#") ? page : `${page}#${anchor}`;
}
