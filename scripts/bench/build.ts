/**
 * The build benchmark (`npm run bench`): generates archives of 1,000 and 10,000 articles and
 * measures, for each, a cold build (empty caches), a rebuild with no change and a rebuild after
 * editing one article: wall time, Pagefind's indexing time (separately), peak memory of the whole
 * process tree, and the files and bytes of dist/. Prints a table, then the figures as JSON.
 *
 *   npm run bench                                   # 1,000 and 10,000 articles, all three builds
 *   npm run bench -- --sizes 100000 --runs cold     # one cold build of 100,000 articles
 *
 * Builds go to a temporary folder with their own Astro cache (ASTRO_CACHE_DIR), so the project's
 * dist/ and caches are left as they were. Runs with plain Node 24; no Astro imports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateArchive } from './generate-archive.ts';
import { checkBudgets } from './size-budget.ts';
import { distStats, formatTable, newFileMicros, parseBuildLog, runMeasured, Trash, type BuildLog, type DistStats } from './measure.ts';

const PROJECT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const ASTRO = path.join(PROJECT, 'node_modules/astro/bin/astro.mjs');
const RUNS = ['cold', 'warm', 'edit'] as const;
type Run = (typeof RUNS)[number];

export interface BuildFigures extends BuildLog {
  articles: number;
  run: Run;
  seconds: number;
  cpuSeconds?: number;
  /** The machine's 1-minute load average when the build started: above the core count, other work was competing. */
  loadAverage: number;
  /** Microseconds a new file cost when the build started (`newFileMicros`): the file system's state. */
  newFileUs: number;
  peakRssBytes: number;
  /** Seconds into the build when memory peaked, and the log's last line then. */
  peakAtSeconds: number;
  peakDuring: string;
  /** Wall seconds per article: the linearity figure compares it across sizes. */
  secondsPerArticle: number;
  dist?: DistStats;
  /** Pages over their size budget (scripts/bench/size-budget.ts), after the cold build. */
  budget?: { violations: number; examples: string[] };
}

const gb = (b: number) => (b / 1024 ** 3).toFixed(2);
const mb = (b: number) => (b / 1024 ** 2).toFixed(1);
const s = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));

async function benchSize(articles: number, runs: readonly Run[], work: string, timeoutMs: number, trash: Trash): Promise<BuildFigures[]> {
  const generated = performance.now();
  const archive = generateArchive({ articles, outDir: path.join(work, `content-${articles}`) });
  console.error(`generated ${articles} articles in ${((performance.now() - generated) / 1000).toFixed(1)} s → ${archive.root}`);
  const outDir = path.join(work, `dist-${articles}`);
  const cacheDir = path.join(work, `cache-${articles}`);
  // Moved aside, not deleted: the cold build's files would pay for the deletion (`Trash`).
  trash.put(outDir);
  trash.put(cacheDir);

  const figures: BuildFigures[] = [];
  for (const run of runs) {
    if (run === 'edit') {
      // One article's text changes, as when an editor fixes a typo.
      const file = path.join(archive.root, archive.articlePaths[Math.floor(articles / 2)]!);
      fs.appendFileSync(file, '\n此段为基准测试修改一篇文章时追加的文字。\n');
    }
    const logFile = path.join(work, `build-${articles}-${run}.log`);
    const loadAverage = +os.loadavg()[0]!.toFixed(1);
    const newFileUs = newFileMicros(work, trash);
    const result = await runMeasured(process.execPath, [ASTRO, 'build', '--outDir', outDir], {
      cwd: PROJECT,
      env: { ...process.env, CONTENT_ROOT: archive.root, ASTRO_CACHE_DIR: cacheDir, FORCE_COLOR: '0' },
      logFile,
      timeoutMs,
    });
    if (result.exitCode !== 0) throw new Error(`the ${run} build of ${articles} articles failed (exit ${result.exitCode}); see ${logFile}`);
    const f: BuildFigures = {
      articles,
      run,
      seconds: result.seconds,
      cpuSeconds: result.cpuSeconds,
      loadAverage,
      newFileUs,
      peakRssBytes: result.peakRssBytes,
      peakAtSeconds: result.peakAtSeconds,
      peakDuring: result.peakDuring,
      secondsPerArticle: result.seconds / articles,
      ...parseBuildLog(result.log),
      dist: run === 'cold' ? distStats(outDir) : undefined,
    };
    if (run === 'cold') {
      const { violations } = checkBudgets(outDir);
      f.budget = { violations: violations.length, examples: violations.slice(0, 5) };
    }
    console.error(`${articles} ${run}: ${s(f.seconds)} s, search ${s(f.searchSeconds)} s, peak ${gb(f.peakRssBytes)} GB at ${s(f.peakAtSeconds)} s, after “${f.peakDuring.slice(0, 100)}”`);
    figures.push(f);
  }
  return figures;
}

/** Runs the benchmark and returns its figures; prints progress on stderr. */
export async function benchBuild(sizes: number[], runs: readonly Run[], work: string, timeoutMs: number) {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const results: BuildFigures[] = [];
  const trash = new Trash(work);
  try {
    for (const n of sizes) results.push(...(await benchSize(n, runs, work, timeoutMs, trash)));
  } finally {
    trash.empty();
  }
  const cold = results.filter((r) => r.run === 'cold');
  const ratio = (per: (r: BuildFigures) => number | undefined) => {
    const [a, b] = [cold[0] && per(cold[0]), cold.at(-1) && per(cold.at(-1)!)];
    return cold.length >= 2 && a && b ? +(b / a).toFixed(3) : undefined;
  };
  // Per-article cost of the largest archive ÷ that of the smallest: 1.0 is perfectly linear.
  const linearity = {
    wall: ratio((r) => r.secondsPerArticle),
    cpu: ratio((r) => r.cpuSeconds && r.cpuSeconds / r.articles),
  };
  return { machine, results, linearity };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      runs: { type: 'string', default: RUNS.join(',') },
      work: { type: 'string', default: path.join(os.tmpdir(), 'zh-archive-bench') },
      json: { type: 'string' },
      'timeout-minutes': { type: 'string', default: '60' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = values.runs.split(',').filter((r): r is Run => (RUNS as readonly string[]).includes(r));
  fs.mkdirSync(values.work, { recursive: true });
  const report = await benchBuild(sizes, runs, values.work, Number(values['timeout-minutes']) * 60_000);

  const rows = report.results.map((r) => [
    `${r.articles} ${r.run}`,
    s(r.seconds),
    s(r.cpuSeconds),
    s(r.syncSeconds),
    s(r.renderSeconds),
    s(r.searchSeconds),
    gb(r.peakRssBytes),
    (r.secondsPerArticle * 1000).toFixed(2),
    r.cpuSeconds === undefined ? '–' : ((r.cpuSeconds / r.articles) * 1000).toFixed(2),
    r.loadAverage.toFixed(1),
    `${r.newFileUs}`,
    r.dist ? `${r.dist.files}` : '',
    r.dist ? mb(r.dist.bytes) : '',
    r.dist ? `${(r.dist.largestHtml.bytes / 1024).toFixed(1)}` : '',
    r.budget ? `${r.budget.violations}` : '',
  ]);
  console.log(`machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGB} GB, Node ${report.machine.node}`);
  console.log(
    formatTable(['articles run', 'total s', 'cpu s', 'sync s', 'render s', 'search s', 'peak GB', 'ms/article', 'cpu ms/article', 'load', 'new file µs', 'dist files', 'dist MB', 'largest HTML kB', 'over budget'], rows),
  );
  for (const r of report.results) for (const v of r.budget?.examples ?? []) console.log(`over budget at ${r.articles}: ${v}`);
  if (report.linearity.wall !== undefined) {
    console.log(`linearity, cold cost per article, largest ÷ smallest archive: wall ${report.linearity.wall}×, cpu ${report.linearity.cpu}×`);
  }
  const json = JSON.stringify(report, null, 2);
  if (values.json) fs.writeFileSync(values.json, `${json}\n`);
  console.log(json);
}
