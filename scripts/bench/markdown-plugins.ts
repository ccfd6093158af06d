/**
 * What each plugin of the article Markdown pipeline (src/plugins/markdown.ts) costs per article:
 * renders generated articles through the same processor Astro builds (shiki included, as in the
 * build), timing each of our plugins' transforms in CPU time.
 *
 *   npm run bench:markdown -- [--articles 1000] [--passes 3]
 *
 * Plugins that only extend the parser (remark-cjk-friendly) have no transform of their own: their
 * cost is inside "whole pipeline". CPU time, not wall time, so a busy machine skews it less.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { markdownOptions } from '../../src/plugins/markdown.ts';
import { generateArchive } from './generate-archive.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' }, passes: { type: 'string', default: '3' } } });
const archive = generateArchive({ articles: Number(values.articles), outDir: path.join(os.tmpdir(), `zh-markdown-bench-${values.articles}`) });
const bodies = archive.articlePaths.map((f) => fs.readFileSync(path.join(archive.root, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const spent = new Map<string, number>();
type Plugin = (...args: unknown[]) => ((tree: unknown, file: unknown) => unknown) | void;
const timed = (plugins: readonly unknown[]) =>
  plugins.map((p) => {
    const plugin = p as Plugin;
    return function (this: unknown, ...args: unknown[]) {
      const transform = plugin.apply(this, args);
      if (!transform) return transform;
      return (tree: unknown, file: unknown) => {
        const start = cpu();
        const result = transform(tree, file);
        spent.set(plugin.name, (spent.get(plugin.name) ?? 0) + cpu() - start);
        return result;
      };
    };
  });

const processor = await createMarkdownProcessor({
  ...markdownOptions,
  remarkPlugins: timed(markdownOptions.remarkPlugins) as never,
  rehypePlugins: timed(markdownOptions.rehypePlugins) as never,
});
const warn = console.warn;
console.warn = () => {}; // the HTML policy's warnings about generated raw HTML
for (const body of bodies.slice(0, 200)) await processor.render(body); // warm up the JIT
spent.clear();
const passes = Number(values.passes);
const start = cpu();
for (let i = 0; i < passes; i++) for (const body of bodies) await processor.render(body);
const total = cpu() - start;
console.warn = warn;
const per = (us: number) => `${(us / (passes * bodies.length) / 1000).toFixed(3)} ms`;
console.log(`${bodies.length} generated articles × ${passes} passes, CPU per article`);
console.log(`  whole pipeline          ${per(total)}`);
for (const [name, us] of spent) console.log(`  ${name.padEnd(24)}${per(us)}`);
