// The reference app of bench/run.ts: built with `next build bench/next-reference`, so its
// output stays in bench/next-reference/.next and never touches the main app's .next.
/** @type {import('next').NextConfig} */
module.exports = { poweredByHeader: false };
