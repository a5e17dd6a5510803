// Code that exists only to drive tests, as one path pattern for both dependency-cruiser
// configs: production code never reaches it.
module.exports =
  "(\\.test\\.tsx?$|(^|/)test-support\\.ts$|^cli/cli-test-support\\.ts$|^lib/testing/|^lib/domains/test-dns-server\\.ts$|^e2e/)";
