/**
 * Reuses the previous build's search index when nothing it is made from has changed: the same
 * HTML files (path and bytes), the same writer options, base path, and the same code (every file
 * of src/integrations/ and src/lib/, and the lockfile, which pins Pagefind's browser library).
 * At 10,000 articles writing the index takes about 22 s; hashing its inputs under 1 s.
 *
 * The cache lives in `<cacheDir>/search-index/`: `files/` (the files of the last index written,
 * each under its key: a compressed file's `compressionKey`, a hash of the bytes for the others)
 * and `manifest.json` (the inputs' key, the writer's figures, and which file lies at which path
 * of the bundle). An index written again after an edit keeps most of its files, so storing it
 * adds only the new ones and removes those no longer used. The manifest is removed before the
 * files change and written after, so a build cut short leaves no manifest and the next build
 * writes the index again rather than reusing half a copy.
 *
 * Files are hard-linked where the cache and the site share a file system, and copied otherwise:
 * nothing writes into a published index file in place (each build writes a new staging folder,
 * src/integrations/atomic-output.ts), so the links never see a change.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleChunk, BundlePage, BundleTokens, CompressedFiles } from './pagefind-bundle';
import { filesUnder } from '../lib/files';

/** Bump when the manifest's shape changes. */
const CACHE_VERSION = 3;
/** Files hashed at once. */
const READ_AHEAD = 32;

export interface IndexCacheInputs {
  /** The built site (the staging folder). */
  site: string;
  /** The HTML files the index is made from, absolute. */
  files: readonly string[];
  /** Everything else that decides the index's bytes: writer options, base path … */
  options: unknown;
  /** The project root: its src/integrations/, src/lib/ and lockfile are part of the key. */
  root: string;
  /**
   * A file remembering the last hash of the pages' bytes under their fingerprint (`pagesHash`), so
   * that pages which are the very same files as last time need not be read again.
   */
  memoFile?: string;
}

/** The key of an index: a hash of every input named in `IndexCacheInputs`. */
export async function indexCacheKey({ site, files, options, root, memoFile }: IndexCacheInputs): Promise<string> {
  return indexKey(await codeKey(root, options), await pagesHash(site, sitePaths(site, files), memoFile));
}

/** The key of an index from its two parts: `codeKey` and `pagesHash`. */
export function indexKey(code: string, pages: string): string {
  return createHash('sha256').update(`${code}\n`).update(pages).digest('hex');
}

/** The files' paths under `site` (`sitePath`), sorted: the order of the index's pages. */
export function sitePaths(site: string, files: readonly string[]): string[] {
  return files.map((f) => sitePath(site, f)).sort();
}

/** A file's path under `site`, with forward slashes. */
export function sitePath(site: string, file: string): string {
  return path.relative(site, file).split(path.sep).join('/');
}

/** A hash of what decides an index besides its pages: the options and the code (`IndexCacheInputs`). */
export async function codeKey(root: string, options: unknown): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`v${CACHE_VERSION}\n${JSON.stringify(options)}\n`);
  for (const file of await codeFiles(root)) {
    hash.update(`${path.relative(root, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/**
 * The tokens an index was written from (`BundleTokens`), with what they were made of: the code
 * and options (`codeKey`), and every page file (site paths, sorted) with its hash. The next
 * index, made by the same code from the same files, reads again only the files whose hash differs.
 */
export interface KeptTokens {
  code: string;
  files: string[];
  digests: string[];
  tokens: BundleTokens;
}

/** `tokens.bin`: this, a little-endian u32 header length, the header (JSON), padding to 4 bytes, then the four arrays. */
const TOKENS_MAGIC = 'archive-tokens-2';

interface TokensHeader {
  code: string;
  files: string[];
  digests: string[];
  pageList: BundlePage[];
  chunks?: BundleChunk[];
  metaFields?: string[];
  chars: number;
  tokens: number;
}

/**
 * The hash of the pages' paths and bytes. Reading them is most of the key's cost (270 MB at
 * 10,000 articles). Pages that Astro restores from its cache are hard links to its cached copies
 * (patches/astro+*.patch), and a page rendered again is a new file: so a page that is the same
 * file as last time (device, inode, size, modification time: its fingerprint) has the same bytes.
 * `memoFile` remembers each page's hash under its fingerprint, and the whole hash under all of
 * them: when every page is the same file, nothing is read; after an edit, only the pages rendered
 * again are.
 */
export async function pagesHash(site: string, sorted: readonly string[], memoFile?: string): Promise<string> {
  return (await pageHashes(site, sorted, memoFile)).hash;
}

/** `pagesHash`, and each page's own hash (in the order of `sorted`), which an index written again compares page by page. */
export async function pageHashes(site: string, sorted: readonly string[], memoFile?: string): Promise<{ hash: string; digests: string[] }> {
  const { prints, fingerprint } = memoFile ? await pagePrints(site, sorted) : { prints: [], fingerprint: '' };
  let memo: PagesMemo = {};
  if (memoFile) {
    try {
      memo = JSON.parse(await readFile(memoFile, 'utf8')) as PagesMemo;
      const remembered = memo.fingerprint === fingerprint && memo.hash ? sorted.map((rel) => memo.pages?.[rel]?.[1]) : [];
      if (remembered.length === sorted.length && remembered.every((d) => d !== undefined)) return { hash: memo.hash!, digests: remembered as string[] };
    } catch {
      // No memo yet: read the pages.
    }
  }
  const known = memo.pages ?? {};
  const digests: string[] = [];
  const pending: Promise<string>[] = [];
  const pageHash = async (i: number): Promise<string> => {
    const rel = sorted[i]!;
    const remembered = known[rel];
    if (remembered && prints[i] !== undefined && remembered[0] === prints[i]) return remembered[1];
    return pageDigest(await readFile(path.join(site, rel)));
  };
  let next = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (pending.length < READ_AHEAD && next < sorted.length) pending.push(pageHash(next++));
    digests.push(await pending.shift()!);
  }
  return { hash: await rememberHashes(sorted, digests, memoFile ? { file: memoFile, prints, fingerprint } : undefined), digests };
}

/**
 * `pageHashes` of pages whose own hashes are already known (`digests`, `pageDigest` of each page
 * in the order of `sorted`): an index writer that read every page hashed them as it read them.
 * Their fingerprints are remembered in `memoFile` as `pageHashes` remembers them.
 */
export async function knownPageHashes(site: string, sorted: readonly string[], digests: readonly string[], memoFile: string): Promise<{ hash: string; digests: string[] }> {
  return { hash: await rememberHashes(sorted, digests, { file: memoFile, ...(await pagePrints(site, sorted)) }), digests: [...digests] };
}

/** A page's own hash, as `pageHashes` keeps it. */
export function pageDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** Each page's fingerprint (device, inode, size, modification time) and the fingerprint of them all. */
async function pagePrints(site: string, sorted: readonly string[]): Promise<{ prints: string[]; fingerprint: string }> {
  const prints: string[] = [];
  const print = createHash('sha256');
  for (let i = 0; i < sorted.length; i += READ_AHEAD) {
    const stats = await Promise.all(sorted.slice(i, i + READ_AHEAD).map((rel) => stat(path.join(site, rel), { bigint: true })));
    stats.forEach((st, j) => {
      prints.push(`${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`);
      print.update(`${sorted[i + j]}\0${prints[i + j]}\n`);
    });
  }
  return { prints, fingerprint: print.digest('hex') };
}

/** The hash of the pages' paths and own hashes; remembered with their fingerprints when `memo` is given. */
async function rememberHashes(sorted: readonly string[], digests: readonly string[], memo?: { file: string; prints: string[]; fingerprint: string }): Promise<string> {
  const hash = createHash('sha256');
  const pages: Record<string, [string, string]> = {};
  for (const [i, rel] of sorted.entries()) {
    if (memo) pages[rel] = [memo.prints[i]!, digests[i]!];
    hash.update(`\0${rel}\0${digests[i]}`);
  }
  const digest = hash.digest('hex');
  if (memo) await writeJson(memo.file, { fingerprint: memo.fingerprint, hash: digest, pages } satisfies PagesMemo);
  return digest;
}

/** What `pagesHash` remembers: the fingerprint of all pages and their hash, and each page's fingerprint and hash. */
interface PagesMemo {
  fingerprint?: string;
  hash?: string;
  pages?: Record<string, [print: string, hash: string]>;
}

/** Writes `value` as JSON to `file` whole or not at all (a temporary file, then a rename). */
async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(value));
  await rename(`${file}.tmp`, file);
}

/** The source files of the index writer and everything it may import, and the lockfile. */
async function codeFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of ['src/integrations', 'src/lib']) out.push(...filesUnder(path.join(root, dir)).map((rel) => path.join(root, dir, rel)));
  const lockfile = path.join(root, 'package-lock.json');
  if (existsSync(lockfile)) out.push(lockfile);
  return out.sort();
}

interface Manifest<S> {
  version: number;
  key: string;
  /** The `codeKey` of the code that wrote it. */
  code?: string;
  stats: S;
  /** The bundle's files: path → key (a file in `files/`). */
  files: Record<string, string>;
  /** Each key's size in bytes. */
  sizes: Record<string, number>;
}

/** The previous bundle's compressed files, for a writer that would otherwise compress them again, and the new bundle's, as it writes them. */
export interface CompressedFileCache extends CompressedFiles {
  /** The files written so far, path → key, for `store`. */
  readonly keys: ReadonlyMap<string, string>;
  /** Their sizes, by key. */
  readonly sizes: Record<string, number>;
  /** The keys of the files placed from the store (`place`), which the store therefore still holds. */
  readonly placed: ReadonlySet<string>;
}

/** The search index's cache in `<cacheDir>/search-index/`. */
export function indexCache(cacheDir: string) {
  const dir = path.join(cacheDir, 'search-index');
  const store = path.join(dir, 'files');
  const manifestFile = path.join(dir, 'manifest.json');
  const tokensFile = path.join(dir, 'tokens.bin');
  const stored = (fileKey: string): string => path.join(store, fileKey);
  /** The manifest of this cache's version, read once: `restore` and `compressedFiles` both need it. */
  let manifestRead: Promise<Manifest<unknown> | undefined> | undefined;
  const readManifest = <S>(): Promise<Manifest<S> | undefined> =>
    (manifestRead ??= (async () => {
      try {
        const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest<unknown>;
        return manifest.version === CACHE_VERSION ? manifest : undefined;
      } catch {
        return undefined;
      }
    })()) as Promise<Manifest<S> | undefined>;
  /** Puts the stored file `fileKey` at `dest` (a hard link, or a copy across file systems), making its folder once. */
  const placer = () => {
    const folders = new Set<string>();
    const linking = { canLink: true };
    return async (fileKey: string, dest: string): Promise<void> => {
      const folder = path.dirname(dest);
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        folders.add(folder);
      }
      await linkOrCopy(stored(fileKey), dest, linking);
    };
  };
  return {
    dir,
    /**
     * Whether the kept index was written by the code with this `codeKey`. If not, neither it
     * (its key includes the code) nor its tokens (`readTokens`) can serve the next index.
     */
    async madeBy(code: string): Promise<boolean> {
      return (await readManifest())?.code === code;
    },
    /** Puts the cached index at `outputPath` and returns its figures, if it was made from inputs with this key. */
    async restore<S>(key: string, outputPath: string): Promise<S | undefined> {
      const manifest = await readManifest<S>();
      if (manifest?.key !== key) return undefined;
      await rm(outputPath, { recursive: true, force: true });
      try {
        const place = placer();
        const files = Object.entries(manifest.files);
        for (let i = 0; i < files.length; i += READ_AHEAD) {
          // Every placement of the batch settled before giving up, so none runs on after the clean-up below.
          const placed = await Promise.allSettled(files.slice(i, i + READ_AHEAD).map(([rel, fileKey]) => place(fileKey, path.join(outputPath, rel))));
          const failed = placed.find((p) => p.status === 'rejected');
          if (failed) throw failed.reason;
        }
      } catch {
        // A file that cannot be read (deleted by hand, a disk error): write the index again.
        await rm(outputPath, { recursive: true, force: true });
        return undefined;
      }
      return manifest.stats;
    },
    /**
     * The last index's compressed files, whatever its key: an index written again after an edit
     * takes the files whose content has not changed from it (`CompressedFiles`). Given the new
     * bundle's folder, it places them there as hard links to the stored files.
     */
    async compressedFiles(outputPath?: string): Promise<CompressedFileCache> {
      // Without an earlier index every file is compressed.
      const sizes = (await readManifest())?.sizes ?? {};
      const known = (fileKey: string): boolean => Object.hasOwn(sizes, fileKey);
      const keys = new Map<string, string>();
      const written: Record<string, number> = {};
      const placed = new Set<string>();
      const place = placer();
      return {
        keys,
        sizes: written,
        placed,
        async get(fileKey) {
          if (!known(fileKey)) return undefined;
          try {
            return await readFile(stored(fileKey));
          } catch {
            return undefined;
          }
        },
        ...(outputPath && {
          has: known,
          async place(fileKey: string, rel: string) {
            if (!known(fileKey)) return undefined;
            try {
              await place(fileKey, path.join(outputPath, rel));
              placed.add(fileKey);
              return sizes[fileKey];
            } catch {
              // Gone from the store (deleted by hand, a disk error): the writer compresses it.
              return undefined;
            }
          },
        }),
        written(fileKey, file, size) {
          keys.set(file, fileKey);
          written[fileKey] = size;
        },
      };
    },
    /** The tokens kept by `keepTokens`, if they were made by this code (`codeKey`) and can be read whole. */
    async readTokens(code: string): Promise<KeptTokens | undefined> {
      let file;
      try {
        file = await open(tokensFile, 'r');
        // Read piece by piece, each array straight into its own memory (at 100,000 articles the
        // file is about 2 GB, more than one Buffer may hold).
        let at = 0;
        const fill = async (target: Uint8Array): Promise<void> => {
          for (let done = 0; done < target.length; ) {
            const { bytesRead } = await file!.read(target, done, target.length - done, at + done);
            if (!bytesRead) throw new Error('tokens.bin ends early');
            done += bytesRead;
          }
          at += target.length;
        };
        const head = Buffer.alloc(TOKENS_MAGIC.length + 4);
        await fill(head);
        if (head.toString('latin1', 0, TOKENS_MAGIC.length) !== TOKENS_MAGIC) return undefined;
        const headerBytes = Buffer.alloc(head.readUInt32LE(TOKENS_MAGIC.length));
        await fill(headerBytes);
        const header = JSON.parse(headerBytes.toString('utf8')) as TokensHeader;
        if (header.code !== code) return undefined;
        at += (4 - (at % 4)) % 4;
        if ((await file.stat()).size !== at + (header.chars + 3 * header.tokens) * 4) return undefined;
        const words = async (count: number): Promise<Uint32Array> => {
          const out = new Uint32Array(count);
          await fill(new Uint8Array(out.buffer));
          return out;
        };
        const chars = await words(header.chars);
        const tokens: BundleTokens = { chars, keys: await words(header.tokens), pages: await words(header.tokens), positions: await words(header.tokens), pageList: header.pageList, chunks: header.chunks, metaFields: header.metaFields };
        return { code: header.code, files: header.files, digests: header.digests, tokens };
      } catch {
        return undefined;
      } finally {
        await file?.close();
      }
    },
    /** Keeps an index's tokens for the next build (`readTokens`): whole or not at all. */
    async keepTokens({ code, files, digests, tokens }: KeptTokens): Promise<void> {
      await mkdir(dir, { recursive: true });
      const header = Buffer.from(JSON.stringify({ code, files, digests, pageList: tokens.pageList, chunks: tokens.chunks, metaFields: tokens.metaFields, chars: tokens.chars.length, tokens: tokens.keys.length } satisfies TokensHeader));
      const head = Buffer.alloc(TOKENS_MAGIC.length + 4);
      head.write(TOKENS_MAGIC, 'latin1');
      head.writeUInt32LE(header.length, TOKENS_MAGIC.length);
      const padding = Buffer.alloc((4 - ((head.length + header.length) % 4)) % 4);
      const arrays = [tokens.chars, tokens.keys, tokens.pages, tokens.positions].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      const file = await open(`${tokensFile}.tmp`, 'w');
      try {
        for (const b of [head, header, padding, ...arrays]) {
          for (let done = 0; done < b.length; ) done += (await file.write(b, done, b.length - done)).bytesWritten;
        }
      } finally {
        await file.close();
      }
      await rename(`${tokensFile}.tmp`, tokensFile);
    },
    /**
     * Keeps the index just written at `outputPath` for the next build: its files under their keys
     * (the compressed ones as the writer reported them in `written`, the others hashed here),
     * linked into the store unless placed from it, and the files no longer used removed.
     */
    async store<S>(key: string, outputPath: string, stats: S, written: Pick<CompressedFileCache, 'keys' | 'sizes' | 'placed'> = { keys: new Map(), sizes: {}, placed: new Set() }, code?: string): Promise<void> {
      const previous = (await readManifest())?.sizes ?? {};
      await rm(manifestFile, { force: true });
      manifestRead = undefined;
      // The store of an earlier version of this cache: a copy of the bundle as it was laid out.
      await rm(path.join(dir, 'bundle'), { recursive: true, force: true });
      await mkdir(store, { recursive: true });
      const files: Record<string, string> = {};
      const sizes: Record<string, number> = {};
      const linking = { canLink: true };
      const rels = filesUnder(outputPath);
      const keep = async (rel: string): Promise<void> => {
        const file = path.join(outputPath, rel);
        const fileKey = written.keys.get(rel) ?? `h${createHash('sha1').update(await readFile(file)).digest('base64url')}`;
        files[rel] = fileKey;
        if (Object.hasOwn(sizes, fileKey)) return;
        if (written.placed.has(fileKey) && Object.hasOwn(previous, fileKey)) {
          sizes[fileKey] = previous[fileKey]!;
          return;
        }
        sizes[fileKey] = -1;
        try {
          await linkOrCopy(file, stored(fileKey), linking);
        } catch (e) {
          // A file of this key left from an earlier store, not placed this time: replaced.
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
          await rm(stored(fileKey), { force: true });
          await linkOrCopy(file, stored(fileKey), linking);
        }
        sizes[fileKey] = written.sizes[fileKey] ?? (await stat(file)).size;
      };
      for (let i = 0; i < rels.length; i += READ_AHEAD) await Promise.all(rels.slice(i, i + READ_AHEAD).map(keep));
      const manifest: Manifest<S> = { version: CACHE_VERSION, key, ...(code !== undefined && { code }), stats, files, sizes };
      await writeJson(manifestFile, manifest);
      manifestRead = Promise.resolve(manifest);
      // Files of earlier indexes that this one does not use.
      for (const name of await readdir(store)) if (!Object.hasOwn(sizes, name)) await rm(stored(name), { force: true });
    },
  };
}

/** Hard-links `src` at `dest`, or copies it where links cannot be made (across file systems); then copies from there on. */
async function linkOrCopy(src: string, dest: string, linking: { canLink: boolean }): Promise<void> {
  if (linking.canLink) {
    try {
      return await link(src, dest);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw e;
      linking.canLink = false;
    }
  }
  await copyFile(src, dest);
}
