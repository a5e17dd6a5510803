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
        // redirect:false, then a full load: no cached Admin Center page survives sign-out.
        await signOut({ redirect: false });
        window.location.assign("/sign-in?signedOut=1");
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
