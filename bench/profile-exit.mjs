// Loaded into the server by `npm run bench -- --profile` (NODE_OPTIONS --import): node
// writes a --cpu-prof profile only on a normal exit, so turn the stop signal into one.
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => process.exit(0));
