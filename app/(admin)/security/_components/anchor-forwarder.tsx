"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { forwardAnchor } from "./security-pages";

/**
 * Security & Controls was one page: links and bookmarks to `/security#domains` and the like
 * still exist. A hash never reaches the server, so the overview forwards it here.
 */
export function AnchorForwarder() {
  const router = useRouter();
  useEffect(() => {
    const forward = () => {
      const target = forwardAnchor(window.location.hash);
      if (target) router.replace(target);
    };
    forward();
    // A link to /security#… followed while already here changes only the hash.
    window.addEventListener("hashchange", forward);
    return () => window.removeEventListener("hashchange", forward);
  }, [router]);
  return null;
}
