#!/usr/bin/env node
// Electronegativity (Electron security scanner) over the built app in dist/. Every finding must be
// accepted in src-main/security/scan-accepted.json with its reason; anything else fails the test
// command. Offline: the Electron version comes from package.json, not from the network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const electronVersion = pkg.devDependencies.electron;
const accepted = JSON.parse(readFileSync('src-main/security/scan-accepted.json', 'utf8')).accepted;
if (!existsSync('dist/main/main.js')) {
  console.error('security scan: dist/ is missing (run npm run build first)');
  process.exit(1);
}
const out = mkdtempSync(path.join(os.tmpdir(), 'scan-'));
const csv = path.join(out, 'findings.csv');
const bin = path.join(
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity',
);
const run = spawnSync(bin, ['-i', 'dist', '-r', '-e', electronVersion, '-v', 'false', '-o', csv], {
  encoding: 'utf8',
});
if (!existsSync(csv)) {
  console.error(`security scan: electronegativity wrote no report:\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
/** Rows of the scanner's CSV; quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  const endField = () => {
    rows.at(-1).push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push([]);
    } else if (c !== '\r') field += c;
  }
  rows.at(-1).push(field.trim());
  return rows.filter((row) => row.some((cell) => cell !== ''));
}
const findings = parseCsv(readFileSync(csv, 'utf8'))
  .slice(1)
  .map(([check = '', severity = '', confidence = '', file = '', location = '']) => ({
    check,
    severity,
    confidence,
    file: file.replace(/\\/g, '/'),
    location,
  }));
rmSync(out, { recursive: true, force: true });
const explained = (f) => accepted.find((a) => a.check === f.check && (a.file === '*' || a.file === f.file));
const unexplained = findings.filter((f) => !explained(f));
for (const f of findings) {
  const reason = explained(f)?.reason;
  console.log(
    `${reason ? 'accepted  ' : 'UNEXPLAINED'} ${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.location}${reason ? `: ${reason}` : ''}`,
  );
}
console.log(
  `security scan: electronegativity, ${findings.length} finding(s) in dist/, ${findings.length - unexplained.length} accepted with a reason (src-main/security/scan-accepted.json), ${unexplained.length} unexplained`,
);
process.exit(unexplained.length === 0 ? 0 : 1);
