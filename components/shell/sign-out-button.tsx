"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ redirect: false });
        // A full load, not router.push: no cached Admin Center page survives sign-out.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- deliberate, see above
        window.location.assign("/sign-in?signedOut=1");
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
