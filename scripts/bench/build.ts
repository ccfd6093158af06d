/**
 * The build benchmark (`npm run bench`): generates archives of 1,000 and 10,000 articles and
 * measures, for each, a cold build (empty caches), a rebuild with no change and a rebuild after
 * editing one article: wall time, Pagefind's indexing time (separately), peak memory of the whole
 * process tree, and the files and bytes of dist/. Prints a table, then the figures as JSON.
 *
 *   npm run bench                                   # 1,000 and 10,000 articles, all three builds
 *   npm run bench -- --sizes 100000 --runs cold     # one cold build of 100,000 articles
 *   npm run bench -- --sizes 10000 --stock          # and the stock reference, in the same run
 *
 * `--stock` also builds each archive with the stock reference (scripts/bench/stock-site/: a bare
 * Astro page per article through Astro's own Markdown pipeline, with unpatched Astro installed
 * in `<work>/stock-site`), cold and with no change, right after ours, and prints ours ÷ stock:
 * the machine's speed changes from day to day, and the targets were set against it.
 *
 * Builds go to a temporary folder with their own Astro cache (ASTRO_CACHE_DIR), so the project's
 * dist/ and caches are left as they were. Runs with plain Node 24; no Astro imports.
 */
import { execFileSync } from 'node:child_process';
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
/** The stock reference's runs (`--stock`): an edit tells nothing more about the machine. */
const STOCK_RUNS = ['cold', 'warm'] as const;
const STOCK_SOURCE = path.join(PROJECT, 'scripts/bench/stock-site');

export interface BuildFigures extends BuildLog {
  articles: number;
  /** Whose build: ours, or the stock reference (`--stock`). */
  site: 'ours' | 'stock';
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

/**
 * The stock reference site in `<work>/stock-site`, with its own node_modules (unpatched Astro),
 * installed from the registry the first time and whenever its package.json changes.
 */
function stockSite(work: string): string {
  const dir = path.join(work, 'stock-site');
  fs.cpSync(STOCK_SOURCE, dir, { recursive: true });
  const manifest = fs.readFileSync(path.join(STOCK_SOURCE, 'package.json'), 'utf8');
  const stamp = path.join(dir, 'node_modules', '.installed-from');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== manifest) {
    console.error(`installing the stock reference's Astro in ${dir} …`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    fs.writeFileSync(stamp, manifest);
  }
  return dir;
}

async function benchSize(articles: number, runs: readonly Run[], work: string, timeoutMs: number, trash: Trash, stock: boolean): Promise<BuildFigures[]> {
  const generated = performance.now();
  const archive = generateArchive({ articles, outDir: path.join(work, `content-${articles}`) });
  console.error(`generated ${articles} articles in ${((performance.now() - generated) / 1000).toFixed(1)} s → ${archive.root}`);
  /** Where each site's build runs from and writes to. */
  const sites: Record<BuildFigures['site'], { astro: string; cwd: string; outDir: string; cacheDir: string; label: string }> = {
    ours: { astro: ASTRO, cwd: PROJECT, outDir: path.join(work, `dist-${articles}`), cacheDir: path.join(work, `cache-${articles}`), label: '' },
    stock: { astro: '', cwd: '', outDir: path.join(work, `stock-dist-${articles}`), cacheDir: path.join(work, `stock-cache-${articles}`), label: 'stock ' },
  };
  if (stock) {
    const dir = stockSite(work);
    Object.assign(sites.stock, { astro: path.join(dir, 'node_modules/astro/bin/astro.mjs'), cwd: dir });
  }
  // Moved aside, not deleted: the cold build's files would pay for the deletion (`Trash`).
  for (const { outDir, cacheDir } of stock ? [sites.ours, sites.stock] : [sites.ours]) {
    trash.put(outDir);
    trash.put(cacheDir);
  }

  const figures: BuildFigures[] = [];
  // Ours first, then the stock reference's cold and no-change builds, before the edit.
  const plan: [BuildFigures['site'], Run][] = runs.map((run) => ['ours', run]);
  const editAt = plan.findIndex(([, run]) => run === 'edit');
  if (stock) plan.splice(editAt < 0 ? plan.length : editAt, 0, ...STOCK_RUNS.map((run): [BuildFigures['site'], Run] => ['stock', run]));
  for (const [site, run] of plan) {
    const { astro, cwd, outDir, cacheDir, label } = sites[site];
    if (run === 'edit') {
      // One article's text changes, as when an editor fixes a typo.
      const file = path.join(archive.root, archive.articlePaths[Math.floor(articles / 2)]!);
      fs.appendFileSync(file, '\n此段为基准测试修改一篇文章时追加的文字。\n');
    }
    const logFile = path.join(work, `build-${articles}-${label.replace(' ', '-')}${run}.log`);
    const loadAverage = +os.loadavg()[0]!.toFixed(1);
    const newFileUs = newFileMicros(work, trash);
    const result = await runMeasured(process.execPath, [astro, 'build', '--outDir', outDir], {
      cwd,
      env: { ...process.env, CONTENT_ROOT: archive.root, ASTRO_CACHE_DIR: cacheDir, FORCE_COLOR: '0' },
      logFile,
      timeoutMs,
    });
    if (result.exitCode !== 0) throw new Error(`the ${label}${run} build of ${articles} articles failed (exit ${result.exitCode}); see ${logFile}`);
    const f: BuildFigures = {
      articles,
      site,
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
      dist: run === 'cold' && site === 'ours' ? distStats(outDir) : undefined,
    };
    if (run === 'cold' && site === 'ours') {
      const { violations } = checkBudgets(outDir);
      f.budget = { violations: violations.length, examples: violations.slice(0, 5) };
    }
    console.error(`${articles} ${label}${run}: ${s(f.seconds)} s, search ${s(f.searchSeconds)} s, peak ${gb(f.peakRssBytes)} GB at ${s(f.peakAtSeconds)} s, after “${f.peakDuring.slice(0, 100)}”`);
    figures.push(f);
  }
  return figures;
}

/** Runs the benchmark and returns its figures; prints progress on stderr. */
export async function benchBuild(sizes: number[], runs: readonly Run[], work: string, timeoutMs: number, stock = false) {
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
    for (const n of sizes) results.push(...(await benchSize(n, runs, work, timeoutMs, trash, stock)));
  } finally {
    trash.empty();
  }
  const cold = results.filter((r) => r.run === 'cold' && r.site === 'ours');
  const ratio = (per: (r: BuildFigures) => number | undefined) => {
    const [a, b] = [cold[0] && per(cold[0]), cold.at(-1) && per(cold.at(-1)!)];
    return cold.length >= 2 && a && b ? +(b / a).toFixed(3) : undefined;
  };
  // Per-article cost of the largest archive ÷ that of the smallest: 1.0 is perfectly linear.
  const linearity = {
    wall: ratio((r) => r.secondsPerArticle),
    cpu: ratio((r) => r.cpuSeconds && r.cpuSeconds / r.articles),
  };
  // Ours ÷ the stock reference, per size and run, measured minutes apart on the same machine.
  const againstStock = results
    .filter((r) => r.site === 'stock')
    .flatMap((st) => {
      const ours = results.find((r) => r.site === 'ours' && r.articles === st.articles && r.run === st.run);
      return ours ? [{ articles: st.articles, run: st.run, wall: +(ours.seconds / st.seconds).toFixed(2), cpu: ours.cpuSeconds && st.cpuSeconds ? +(ours.cpuSeconds / st.cpuSeconds).toFixed(2) : undefined }] : [];
    });
  return { machine, results, linearity, againstStock };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      runs: { type: 'string', default: RUNS.join(',') },
      work: { type: 'string', default: path.join(os.tmpdir(), 'zh-archive-bench') },
      json: { type: 'string' },
      'timeout-minutes': { type: 'string', default: '60' },
      stock: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = values.runs.split(',').filter((r): r is Run => (RUNS as readonly string[]).includes(r));
  fs.mkdirSync(values.work, { recursive: true });
  const report = await benchBuild(sizes, runs, values.work, Number(values['timeout-minutes']) * 60_000, values.stock);

  const rows = report.results.map((r) => [
    `${r.articles} ${r.site === 'stock' ? 'stock ' : ''}${r.run}`,
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
  for (const r of report.againstStock) console.log(`${r.articles} ${r.run}, ours ÷ stock reference: wall ${r.wall}×, cpu ${r.cpu ?? '–'}×`);
  const json = JSON.stringify(report, null, 2);
  if (values.json) fs.writeFileSync(values.json, `${json}\n`);
  console.log(json);
}
