/**
 * `npm run bench:index`: how the search index writer (src/integrations/pagefind-bundle.ts)
 * scales, without Astro: the generated archive's Markdown (scripts/bench/generate-archive.ts)
 * goes straight in as records, so 100,000 articles can be measured without a 100,000-page build.
 *
 *   node scripts/bench/index-scale.ts [--sizes 1000,10000,100000] [--level <gzip level>]
 *
 * The writer runs with the site's own options (INDEX_OPTIONS in src/integrations/search-index.ts).
 *
 * Each size runs in its own process: wall seconds of the writer alone (the Markdown is read
 * first), CPU seconds of the process (the compression threads included), its peak resident
 * memory, and what it wrote. The per-article cost at each size is divided by the smallest
 * size's (linearity). The records' text is the Markdown body, a little longer than a built
 * page's text (it keeps the heading and caption markup), so the figures are a slight overestimate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generateArchive, MARKER } from './generate-archive.ts';
import { writeBundle, type BundleRecord } from '../../src/integrations/pagefind-bundle.ts';
import { INDEX_OPTIONS } from '../../src/integrations/search-index.ts';
import { newFileMicros, Trash } from './measure.ts';

const WORK = path.join(os.tmpdir(), 'zh-index-bench');
const SELF = fileURLToPath(import.meta.url);

interface Figures {
  articles: number;
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
  words: number;
  locations: number;
  chunks: number;
  files: number;
  MB: number;
}

/** The generated archive of `n` articles, reused when an earlier run wrote the same one. */
function archive(n: number): string {
  const root = path.join(WORK, `content-${n}`);
  const marker = path.join(root, MARKER);
  if (existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as { articles: number }).articles === n) return root;
  generateArchive({ articles: n, outDir: root });
  return root;
}

function* records(root: string): Generator<BundleRecord> {
  const dir = path.join(root, 'articles');
  for (const day of readdirSync(dir).sort()) {
    for (const file of readdirSync(path.join(dir, day)).sort()) {
      const source = readFileSync(path.join(dir, day, file), 'utf8');
      const title = /^title:\s*(.+)$/m.exec(source)?.[1] ?? file;
      const text = source.replace(/^---[\s\S]*?\n---\n/, '');
      yield { url: `/${day}/${file.replace(/\.md$/, '')}/`, text: `${title}\n${text}`, content: '', meta: { title, text }, filters: { 年份: [day.slice(0, 4)] }, sort: { date: day } };
    }
  }
}

/** Child mode: index one archive and print the figures as JSON. */
async function child(n: number, level: number): Promise<void> {
  const root = archive(n);
  const out = path.join(WORK, `bundle-${n}`);
  // Moved aside, and deleted once every size is measured: new files just after a deletion cost
  // several times more here (`Trash`).
  new Trash(WORK).put(out);
  const started = performance.now();
  const stats = await writeBundle(out, records(root), { ...INDEX_OPTIONS, level });
  const seconds = (performance.now() - started) / 1000;
  const usage = process.resourceUsage();
  const figures: Figures = {
    articles: stats.pages,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1e4) / 100,
    peakMB: Math.round(usage.maxRSS / 1024),
    words: stats.words,
    locations: stats.locations,
    chunks: stats.chunks,
    files: stats.files,
    MB: Math.round(stats.bytes / 1e5) / 10,
  };
  console.log(JSON.stringify(figures));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, level: { type: 'string', default: String(INDEX_OPTIONS.level) }, child: { type: 'string' } } });
  if (values.child) return child(Number(values.child), Number(values.level));
  const rows: Figures[] = [];
  console.log(`index writer benchmark · ${os.availableParallelism()} cores · ${Math.round(os.totalmem() / 2 ** 30)} GB · Node ${process.version} · gzip level ${values.level}`);
  const trash = new Trash(WORK);
  for (const n of values.sizes.split(',').map(Number)) {
    archive(n); // generated outside the measured child
    const newFile = newFileMicros(WORK, trash);
    const run = spawnSync(process.execPath, [...process.execArgv, SELF, '--child', String(n), '--level', values.level], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`indexing ${n} articles failed (exit ${run.status}, signal ${run.signal})`);
    const figures = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Figures;
    rows.push(figures);
    const perArticle = (f: Figures): number => f.seconds / f.articles;
    console.log(
      `${String(figures.articles).padStart(7)} articles: ${figures.seconds.toFixed(2)} s wall, ${figures.cpuSeconds} s CPU, peak ${figures.peakMB} MB · ${figures.words} words, ${figures.locations} locations, ${figures.chunks} chunks, ${figures.files} files, ${figures.MB} MB · per article ×${(perArticle(figures) / perArticle(rows[0]!)).toFixed(2)} of ${rows[0]!.articles} · a new file ${newFile} µs before`,
    );
  }
  trash.empty();
  console.log(JSON.stringify(rows));
}

await main();
