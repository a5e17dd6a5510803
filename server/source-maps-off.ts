/**
 * Imported first by the server entry: tsx turns Node's source map support on, and with it on
 * Node reads and keeps the source map of every module it loads, the Next.js build's server
 * chunks with their sourcesContent among them (heap snapshot of the full server after the
 * Admin Center pages at 100k: mappings and original sources held as strings; peak RSS 557 MB
 * with, 461 MB without). `next start` runs with them off too; stack traces then name the
 * built JavaScript's lines instead of the TypeScript's.
 */
process.setSourceMapsEnabled(false);

export {};
