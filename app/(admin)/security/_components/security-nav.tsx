"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { SECURITY_PAGES } from "./security-pages";

/** The sub-pages of Security & Controls, as tabs; the current one is aria-current="page". */
export function SecurityNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Security & Controls">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200">
        {SECURITY_PAGES.map((item) => {
          // A sub-page's own pages (e.g. /security/sso/test-result) keep its tab current.
          const active = pathname === item.href || (item.href !== "/security" && pathname.startsWith(`${item.href}/`));
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "-mb-px block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  active
                    ? "border-blue-700 text-blue-800"
                    : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
