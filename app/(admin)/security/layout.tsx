import type { ReactNode } from "react";
import { SecurityNav } from "./_components/security-nav";

/** Security & Controls: the heading and the sub-navigation its pages share (each page checks the admin itself). */
export default function SecurityLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Security &amp; Controls</h1>
          <p className="mt-1 text-sm text-slate-600">
            Connect your identity provider: over SCIM it decides who is on the plan and which seat they hold; by single sign-on (SAML or OpenID Connect) people of the plan sign in through it.
          </p>
        </div>
        <SecurityNav />
      </div>
      {children}
    </div>
  );
}
