import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Admin Center", template: "%s · Admin Center" },
  description: "Seats, Directory Integration and SCIM provisioning for your plan.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, the not-found page too: Next can put the request's CSP
  // nonce (proxy.ts) only on scripts it renders then; a prerendered page's scripts are blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
