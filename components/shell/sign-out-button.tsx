"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Signs out whichever way the admin signed in: a local admin's next-auth session and an IdP
 * admin's plan-user session (POST /sso/sign-out ends it server-side and clears its cookie).
 * Both are asked, so the button needs not know which one this browser holds, and a browser
 * holding both leaves signed out of both.
 */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await Promise.allSettled([
          signOut({ redirect: false }),
          fetch("/sso/sign-out", { method: "POST", redirect: "manual", credentials: "same-origin" }),
        ]);
        // A full load, not router.push: no cached Admin Center page survives sign-out.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- deliberate, see above
        window.location.assign("/sign-in?signedOut=1");
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
