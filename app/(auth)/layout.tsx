import type { ReactNode } from "react";

/** The pages open to signed-out visitors: sign-in and the one-time setup. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      <p className="mb-6 text-xl font-semibold text-slate-900">Admin Center</p>
      <main className="w-full max-w-md">{children}</main>
    </div>
  );
}
