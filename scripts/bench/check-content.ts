/**
 * How long `npm run check` takes on generated archives of 1,000 and 10,000 articles.
 * Both are measured in one run, several times each, so their ratio holds on a noisy machine.
 *   node --import ./scripts/support/ts-imports.ts scripts/bench/check-content.ts [--runs 3]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateArchive } from './generate-archive';
import { validateContent } from '../../src/lib/validate';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, out: { type: 'string' } } });
const runs = Number(values.runs);
const outBase = values.out ?? path.join(os.tmpdir(), 'bench-check-content');
const results: Record<string, unknown>[] = [];
for (const articles of [1_000, 10_000]) {
  const archive = generateArchive({ articles, outDir: path.join(outBase, String(articles)) });
  const times: number[] = [];
  let files = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { issues, fileCount } = validateContent({ root: archive.root, publicDir: path.resolve('public') });
    times.push(performance.now() - started);
    files = fileCount;
    if (issues.length) throw new Error(`the generated archive should be valid; first issue: ${JSON.stringify(issues[0])}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  results.push({ articles, files, runs, medianMs: Math.round(median), minMs: Math.round(times[0]!), filesPerSecond: Math.round(files / (median / 1000)) });
}
console.table(results);
const [small, large] = results as { medianMs: number }[];
console.log(`10k / 1k time ratio: ${(large!.medianMs / small!.medianMs).toFixed(1)} (10 = linear); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
