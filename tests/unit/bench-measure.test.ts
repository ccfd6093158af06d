import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuPressure, distStats, formatTable, lastLine, newFileMicros, parseBuildLog, runMeasured, Trash } from '../../scripts/bench/measure';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-measure-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Excerpts of a real `astro build` log of a generated 1,000-article archive, colours included.
const LOG = `21:16:59 [content] Syncing content
21:17:03 [content] Synced content
21:17:03 \x1b[32m[types]\x1b[39m Generated 4.99s
21:17:06 [build] Rearranging server assets...

\x1b[42m generating static routes \x1b[49m
21:17:11   ├─ /index.html (+10ms)
21:17:11 \x1b[32m✓ Completed in 5.26s.\x1b[39m

21:17:11 [build] ✓ Completed in 7.75s.
21:17:36 [archive:search-index] indexed 1000 pages (364814 words in 142 chunks) in 24567 ms
21:17:36 [build] 1629 page(s) built in 37.36s
`;

describe('parseBuildLog', () => {
  it.each([
    ['a full build', LOG, { syncSeconds: 4.99, renderSeconds: 5.26, searchSeconds: 24.567, pages: 1629 }],
    ['a rebuild that reused the search index', '21:17:36 [archive:search-index] search index of 1000 pages (364814 words in 142 chunks) reused from the previous build in 310 ms\n', { syncSeconds: undefined, renderSeconds: undefined, searchSeconds: 0.31, pages: undefined }],
    ['durations in minutes', '[types] Generated 5m 41s\n generating static routes \n✓ Completed in 2m 18s.', { syncSeconds: 341, renderSeconds: 138, searchSeconds: undefined, pages: undefined }],
    ['a sync in milliseconds', '[types] Generated 543ms\n', { syncSeconds: 0.543, renderSeconds: undefined, searchSeconds: undefined, pages: undefined }],
    ['a failed build', '[ERROR] [content] edition: expected a date', { syncSeconds: undefined, renderSeconds: undefined, searchSeconds: undefined, pages: undefined }],
  ])('reads %s', (_, log, expected) => {
    expect(parseBuildLog(log)).toEqual(expected);
  });
});

describe('distStats', () => {
  it('counts files and bytes, the search index apart, and finds the largest HTML page', () => {
    const dist = path.join(tmp, 'dist');
    const write = (rel: string, bytes: number) => {
      fs.mkdirSync(path.dirname(path.join(dist, rel)), { recursive: true });
      fs.writeFileSync(path.join(dist, rel), 'x'.repeat(bytes));
    };
    write('index.html', 100);
    write('2022/09/01/a/index.html', 300);
    write('_astro/site.css', 50);
    write('pagefind/pagefind.js', 70);
    write('pagefind/index/zh.pf_index', 30);
    expect(distStats(dist)).toEqual({
      files: 5,
      bytes: 550,
      htmlFiles: 2,
      htmlBytes: 400,
      largestHtml: { file: path.join('2022', '09', '01', 'a', 'index.html'), bytes: 300 },
      searchFiles: 2,
      searchBytes: 100,
    });
  });
});

describe('runMeasured', () => {
  it('sees the memory of a grandchild process, not only of the command it started', async () => {
    // A shell that starts node, which holds 300 MB for a second: the peak must include it.
    const hold = `const b = Buffer.alloc(300 * 1024 * 1024, 1); setTimeout(() => console.log(b[0]), 1000)`;
    const result = await runMeasured('sh', ['-c', `echo holding; "${process.execPath}" -e '${hold}'; echo done`], {
      cwd: tmp,
      env: process.env,
      logFile: path.join(tmp, 'run.log'),
    });
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('done');
    expect(fs.readFileSync(path.join(tmp, 'run.log'), 'utf8')).toContain('done');
    expect(result.peakRssBytes).toBeGreaterThan(300 * 1024 * 1024);
    // When it peaked: while node held the memory, after "holding" (node prints 1 as it lets go).
    expect(['holding', '1']).toContain(result.peakDuring);
    expect(result.peakAtSeconds).toBeGreaterThan(0);
    expect(result.peakAtSeconds).toBeLessThanOrEqual(result.seconds);
    expect(result.seconds).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('gives the last line of a log without colour codes', () => {
    expect(lastLine('\x1b[2m05:02:00\x1b[22m [build] one\n\x1b[34mtwo\x1b[39m  \n\n')).toBe('two');
    expect(lastLine('')).toBe('');
  });

  it('reports a failing command’s exit code', async () => {
    const result = await runMeasured('sh', ['-c', 'exit 3'], { cwd: tmp, env: process.env, logFile: path.join(tmp, 'fail.log') });
    expect(result.exitCode).toBe(3);
  });
});

describe('cpuPressure', () => {
  it("reads the share of time some task waited for a CPU, or says it cannot", () => {
    expect(cpuPressure(() => 'some avg10=37.45 avg60=41.61 avg300=34.18 total=18788391998\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n')).toBe('37 %');
    expect(cpuPressure(() => 'full avg10=9.00 avg60=0.00 avg300=0.00 total=0\n')).toBe('n/a');
    expect(
      cpuPressure(() => {
        throw new Error('ENOENT');
      }),
    ).toBe('n/a');
  });
});

describe('Trash and newFileMicros', () => {
  it('moves outputs aside, probes with files it also moves aside, and deletes everything only when emptied', () => {
    const work = path.join(tmp, 'work');
    fs.mkdirSync(path.join(work, 'dist', 'a'), { recursive: true });
    fs.writeFileSync(path.join(work, 'dist', 'a', 'index.html'), 'x');
    // What an earlier run left.
    fs.mkdirSync(path.join(work, '.trash-1', 'old'), { recursive: true });
    const trash = new Trash(work);
    trash.put(path.join(work, 'dist'));
    trash.put(path.join(work, 'missing'));
    const micros = newFileMicros(work, trash, 50);
    expect(micros).toBeGreaterThan(0);
    expect(fs.readdirSync(work).sort()).toEqual(['.trash-1', path.basename(trash.dir)]);
    const aside = fs.readdirSync(trash.dir);
    expect(aside).toHaveLength(2);
    expect(fs.readFileSync(path.join(trash.dir, aside.find((n) => n.startsWith('dist-'))!, 'a', 'index.html'), 'utf8')).toBe('x');
    trash.empty();
    expect(fs.readdirSync(work)).toEqual([]);
  });
});

describe('formatTable', () => {
  it('aligns the first column left and the others right', () => {
    expect(formatTable(['run', 's'], [['cold', '12.5'], ['warm', 3]])).toBe(['run      s', '----  ----', 'cold  12.5', 'warm     3'].join('\n'));
  });
});
