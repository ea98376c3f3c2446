// A figure a check measured (inputs tried, faults survived, requests lost, findings): printed where
// the check runs, and added to a figures file that `npm test` empties before its steps and prints
// whole before its summary, so a reader sees every figure in one place. The file is
// test-reports/figures.jsonl (not under test-results/, which Playwright empties when it starts)
// unless STUDIO_FIGURES_FILE names another.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const figuresFile = process.env.STUDIO_FIGURES_FILE ?? path.resolve('test-reports', 'figures.jsonl');

export function figure(topic, text) {
  console.log(`${topic}: ${text}`);
  mkdirSync(path.dirname(figuresFile), { recursive: true });
  // One short line per append: lines stay whole when test files run in parallel.
  appendFileSync(figuresFile, `${JSON.stringify({ topic, text })}\n`);
}
