#!/usr/bin/env node
// Scans captured log output (the hostile suite run with TEST_LOG_LEVEL=debug) for credentials:
// any JWT, any Facebook token, any private key, and the fixed secrets the test fixtures use.
// Exits 1 naming what leaked (a prefix only), 2 when the file holds no log lines to judge.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: scan-logs-for-secrets.mjs <captured-output>\n');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const logLines = (text.match(/"level":\d+/g) ?? []).length;
if (logLines < 100) {
  process.stderr.write(`${file}: only ${logLines} log lines; was it run with TEST_LOG_LEVEL=debug?\n`);
  process.exit(2);
}
const patterns = {
  'a JWT': /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
  'a Facebook token': /EAA[A-Za-z0-9_-]{20,}/,
  'a private key': /PRIVATE KEY/,
  'the development orders client secret': /development-orders-client-secret/,
  'a fixture Facebook app secret': /our-app-secret-0123456789abcdef|their-app-secret-0123456789abcd/,
};
const leaks = Object.entries(patterns).flatMap(([name, pattern]) => {
  const found = text.match(pattern);
  return found ? [`${name} (${found[0].slice(0, 12)}…)`] : [];
});
if (leaks.length > 0) {
  process.stderr.write(`secrets in the logs of ${file}: ${leaks.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`${file}: ${logLines} log lines, no credentials\n`);
