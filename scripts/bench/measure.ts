/**
 * Pure-ish helpers of the build benchmark: reading Astro's build log, sizing dist/, watching a
 * process tree's memory, and printing a table. Kept apart from build.ts so they can be unit-tested.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What Astro's build log tells about one build, in seconds; undefined when the log does not say. */
export interface BuildLog {
  /** Content sync and type generation (`[types] Generated 4.99s`). */
  syncSeconds?: number;
  /** Rendering every page (`generating static routes … ✓ Completed in 5.26s.`). */
  renderSeconds?: number;
  /**
   * The search index, as our search-index integration reports it (`indexed 1629 pages (… words in
   * … chunks) in 2456 ms`, or `search index of 1629 pages (…) reused from the previous build in 310 ms`).
   */
  searchSeconds?: number;
  /** Pages Astro reports as built (`1629 page(s) built in 37.36s`). */
  pages?: number;
}

/** Reads the figures a build prints; ANSI colours are ignored. */
export function parseBuildLog(log: string): BuildLog {
  // eslint-disable-next-line no-control-regex
  const text = log.replace(/\x1b\[[0-9;]*m/g, '');
  // Astro prints durations as `543ms`, `4.99s` or `5m 41s`.
  const DURATION = '((?:\\d+m )?[\\d.]+(?:ms|s))';
  const seconds = (pattern: string) => {
    const m = new RegExp(pattern.replace('DURATION', DURATION)).exec(text);
    if (!m) return undefined;
    const d = /^(?:(\d+)m )?([\d.]+)(ms|s)$/.exec(m[1]!)!;
    return Number(d[1] ?? 0) * 60 + Number(d[2]) / (d[3] === 'ms' ? 1000 : 1);
  };
  const ms = /(?:indexed|search index of) \d+ pages(?: \([^)]*\))?(?: reused from the previous build)? in (\d+) ms/.exec(text);
  const pages = /(\d+) page\(s\) built in/.exec(text);
  return {
    syncSeconds: seconds('\\[types\\] Generated DURATION'),
    renderSeconds: seconds('generating static routes[\\s\\S]*?✓ Completed in DURATION'),
    searchSeconds: ms ? Number(ms[1]) / 1000 : undefined,
    pages: pages ? Number(pages[1]) : undefined,
  };
}

export interface DistStats {
  files: number;
  bytes: number;
  htmlFiles: number;
  htmlBytes: number;
  /** The largest HTML file, relative to dist/, and its size. */
  largestHtml: { file: string; bytes: number };
  /** The search index under pagefind/. */
  searchFiles: number;
  searchBytes: number;
}

/** Counts and sizes the files of a built site. */
export function distStats(dir: string): DistStats {
  const stats: DistStats = { files: 0, bytes: 0, htmlFiles: 0, htmlBytes: 0, largestHtml: { file: '', bytes: 0 }, searchFiles: 0, searchBytes: 0 };
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full);
    const size = fs.statSync(full).size;
    stats.files++;
    stats.bytes += size;
    if (rel.startsWith(`pagefind${path.sep}`)) {
      stats.searchFiles++;
      stats.searchBytes += size;
    } else if (rel.endsWith('.html')) {
      stats.htmlFiles++;
      stats.htmlBytes += size;
      if (size > stats.largestHtml.bytes) stats.largestHtml = { file: rel, bytes: size };
    }
  }
  return stats;
}

/** The ids of `pid` and all its descendants, from /proc's per-thread children lists (Linux). */
function processTree(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.pop()!;
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      continue; // the process has exited
    }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ')) if (c) queue.push(Number(c));
      } catch {
        // the thread has exited
      }
    }
  }
  return out;
}

/** Resident memory of one process in bytes (0 once it has exited). */
function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const TIME_MARK = 'BENCH-CPU-SECONDS';

export interface RunResult {
  seconds: number;
  /**
   * CPU seconds (user + system) from /usr/bin/time: less noisy than wall time on a shared machine.
   * Counts only processes that were reaped: Pagefind's binary, stopped by its Node API at exit, may be missing.
   */
  cpuSeconds?: number;
  /** The highest sum of resident memory over the whole process tree (node, Pagefind's binary …), sampled every 100 ms. */
  peakRssBytes: number;
  /** When the peak was sampled, in seconds from the start, and the log's last line by then (the build's phase). */
  peakAtSeconds: number;
  peakDuring: string;
  exitCode: number;
  log: string;
}

/** The last non-empty line of a log, without colour codes. */
export function lastLine(log: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = log.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.at(-1) ?? '';
}

/**
 * Runs a command and watches the memory of its whole process tree: /usr/bin/time and getrusage
 * report only the largest single process, but the build runs Astro and Pagefind's binary at once.
 */
export function runMeasured(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const log = fs.createWriteStream(options.logFile);
    // /usr/bin/time adds up the CPU time of the whole tree (Pagefind's binary included).
    const timed = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', `${TIME_MARK} %U %S`, command, ...args] : [command, ...args];
    const child = spawn(timed[0]!, timed.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const collect = (chunk: Buffer) => {
      text += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let peak = 0;
    let peakAt = 0;
    let peakDuring = '';
    const sample = () => {
      if (child.pid === undefined) return;
      const total = processTree(child.pid).reduce((s, p) => s + rssBytes(p), 0);
      if (total > peak) {
        peak = total;
        peakAt = (performance.now() - started) / 1000;
        peakDuring = lastLine(text);
      }
    };
    const timer = setInterval(sample, 100);
    const timeout = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (timeout) clearTimeout(timeout);
      const cpu = new RegExp(`${TIME_MARK} ([\\d.]+) ([\\d.]+)`).exec(text);
      const seconds = (performance.now() - started) / 1000;
      // Resolve once the log file is complete, so that a caller can read it.
      log.end(() => resolve({
        seconds,
        cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
        peakRssBytes: peak,
        peakAtSeconds: peakAt,
        peakDuring,
        exitCode: code ?? (signal ? 128 : 1),
        log: text,
      }));
    });
  });
}

/** A plain-text table with right-aligned columns after the first. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/**
 * The share of the last 10 s in which some task waited for a CPU (Linux's pressure stall
 * information, `some avg10`), as "12 %"; "n/a" where the kernel does not report it. The machines
 * are shared: a figure is only read beside the load it was measured under.
 */
export function cpuPressure(read: () => string = () => fs.readFileSync('/proc/pressure/cpu', 'utf8')): string {
  try {
    const avg10 = /^some avg10=([\d.]+)/m.exec(read())?.[1];
    return avg10 === undefined ? 'n/a' : `${Math.round(Number(avg10))} %`;
  } catch {
    return 'n/a';
  }
}

/**
 * Earlier outputs, moved aside and deleted only when the measuring is done. On these machines'
 * file system (ext4 without a journal), each new file passes over every inode of its group
 * deleted in the last minutes (the kernel's `recently_deleted`): creating 10,000 files took
 * 0.5–0.7 s when nothing had been deleted for six minutes and 1.5–7.6 s within minutes of one
 * (BENCHMARKS.md, Build, "New files after deletions"). An output deleted just before a run is
 * timed in the run's own files. A rename frees no inode.
 */
export class Trash {
  readonly dir: string;
  constructor(work: string) {
    this.dir = path.join(work, `.trash-${process.pid}`);
  }

  /** Moves `target` aside, if it exists. */
  put(target: string): void {
    if (!fs.existsSync(target)) return;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.renameSync(target, path.join(this.dir, `${path.basename(target)}-${fs.readdirSync(this.dir).length}`));
  }

  /** Deletes what was moved aside, and what earlier runs of `work` left there. */
  empty(): void {
    const work = path.dirname(this.dir);
    for (const name of fs.existsSync(work) ? fs.readdirSync(work) : []) {
      if (name.startsWith('.trash-')) fs.rmSync(path.join(work, name), { recursive: true, force: true });
    }
  }
}

/**
 * What a new file costs the file system now: microseconds to create each of `count` empty files
 * in a new folder of `work` (moved to `trash` afterwards). About 50 µs on this machine when
 * nothing was deleted for six minutes, ten times that just after many deletions; printed beside
 * each figure whose run writes thousands of files, as the CPU pressure is.
 */
export function newFileMicros(work: string, trash: Trash, count = 2000): number {
  const dir = path.join(work, `.probe-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir);
  const started = performance.now();
  for (let i = 0; i < count; i++) fs.closeSync(fs.openSync(path.join(dir, String(i)), 'w'));
  const micros = ((performance.now() - started) * 1000) / count;
  trash.put(dir);
  return Math.round(micros);
}
