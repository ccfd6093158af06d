import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { serveStatic, type StaticServer } from './server';
import { addPreloads, buildSearchIndex, INDEX_OPTIONS, withoutPreloads } from '~/integrations/search-index';

/**
 * Writes a search bundle of the built site `site` (its article pages `files`) with `split`, into
 * `work`/`name`-bundle, and a copy of the site's search page made for it, and serves the site with
 * both. With `carry`, the page carries the bundle's entry file, as the build gives it a small one;
 * without, Pagefind fetches it, as for a large one (addPreloads). `chunkSize`, the index chunks'
 * size in locations, when not the site's.
 */
export async function splitVariant(
  site: string,
  files: string[],
  work: string,
  name: string,
  split: typeof INDEX_OPTIONS.split,
  carry: boolean,
  chunkSize = INDEX_OPTIONS.chunkSize,
): Promise<{ server: StaticServer; bundle: string }> {
  const bundle = path.join(work, `${name}-bundle`);
  const search = path.join(work, `${name}-search`);
  const { metaFile } = await buildSearchIndex(site, { outputPath: bundle, files, options: { ...INDEX_OPTIONS, split, chunkSize } });
  cpSync(path.join(site, 'search'), search, { recursive: true });
  const page = path.join(search, 'index.html');
  writeFileSync(page, withoutPreloads(readFileSync(page, 'utf8')));
  const entry = readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8');
  // Told of a larger entry file, the page leaves it to be fetched, as at 100,000 articles.
  const told = carry ? entry : JSON.stringify({ ...JSON.parse(entry), padding: 'x'.repeat(5000) });
  expect(await addPreloads(page, '/pagefind/', metaFile, told, { site })).toBe(true);
  expect(readFileSync(page, 'utf8').includes('id="archive-pagefind-entry"')).toBe(carry);
  return { server: await serveStatic(site, { mounts: { '/pagefind/': bundle, '/search/': search } }), bundle };
}
