import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { pagefindAssets } from '~/integrations/pagefind-bundle';
import { EARLY, EARLY_HELPER, EARLY_LOADER, EARLY_TAKE, EMBEDDED_ENTRY, EMBEDDED_ENTRY_HELPER, ENTRY, ENTRY_ELEMENT, ENTRY_HELPER, EXPAND_META, FOLDER, GUNZIP, GUNZIP_HELPER, INFLATE_TABLES, LIBRARY_HELPERS, PREFETCH, tunePagefindLibrary, wasmAddress } from '~/integrations/pagefind-library';

type Gunzip = (response: Response) => Promise<ArrayBuffer>;
/** The helper as the library defines it; `DecompressionStream` as the browser would have it. */
const helper = (...stream: unknown[]): Gunzip => new Function('DecompressionStream', `${GUNZIP_HELPER} return ${GUNZIP};`)(stream.length ? stream[0] : DecompressionStream) as Gunzip;
const bytes = (b: ArrayBuffer): string => Buffer.from(b).toString('latin1');
const raw = Buffer.from('pagefind_dcd\u0001\u0002 index bytes');

describe("Pagefind's library as the bundle ships it", () => {
  let library = '';
  beforeAll(async () => {
    const assets = await pagefindAssets('und');
    library = Buffer.from(assets.files.find((f) => f.path === 'pagefind.js')!.bytes).toString('utf8');
  }, 60_000);

  it('reads every index file through the native un-gzip helper', () => {
    expect(library.startsWith(GUNZIP_HELPER)).toBe(true);
    expect(library.split(`await ${GUNZIP}(compressed_resp)`)).toHaveLength(6);
    expect(library).not.toContain('await compressed_resp.arrayBuffer()');
  });

  it('never makes an Intl.Segmenter, and waits for the index in 4 ms steps', () => {
    expect(library).toContain('const term_chunks=[];if(false){');
    expect(library).toContain('await asyncSleep(4);}if(!this.raw_ptr)');
  });

  it("hands the primary index's entry file to the page, also when the start fails, and takes it from the page when there", () => {
    expect(library.startsWith(LIBRARY_HELPERS)).toBe(true);
    expect(LIBRARY_HELPERS.startsWith(GUNZIP_HELPER + ENTRY_HELPER + EMBEDDED_ENTRY_HELPER)).toBe(true);
    expect(library).toContain(`let entry_json=(this.primary&&${EMBEDDED_ENTRY}())||await(await this.throttledFetch(entryUrl)).json();if(this.primary)${ENTRY}.resolve(entry_json);`);
    expect(library).toContain(`this.initError=e instanceof Error?e:new Error(String(e));if(this.primary)${ENTRY}.resolve({});throw e`);
    expect(library).toMatch(/export\{archiveEntry,archivePrefetch,createInstance,[^}]*\};?\s*$/);
  });

  it('reads the entry file the page carries, and nothing when it carries none or a broken one', () => {
    const read = (body: string | undefined): unknown => {
      const document = { getElementById: (id: string) => (id === ENTRY_ELEMENT && body !== undefined ? { textContent: body } : null) };
      return new Function('document', `${EMBEDDED_ENTRY_HELPER} return ${EMBEDDED_ENTRY}();`)(document);
    };
    expect(read('{"version":"1.6.0","split_words":"a\\u003cb"}')).toEqual({ version: '1.6.0', split_words: 'a<b' });
    expect(read(undefined)).toBeNull();
    expect(read('{"version":')).toBeNull();
    // Without a document (a worker), nothing.
    expect(new Function(`${EMBEDDED_ENTRY_HELPER} return ${EMBEDDED_ENTRY}();`)()).toBeNull();
  });

  it("asks for a chunk and a fragment in the folder the entry file names, if it names one", () => {
    expect(library).toContain(`this.${FOLDER}=entry_json.folder?entry_json.folder+"/":"";`);
    expect(library).toContain(`this._loadGenericChunk(\`\${this.basePath}index/\${this.${FOLDER}??""}\${hash}.pf_index\``);
    expect(library).toContain(`this.throttledFetch(\`\${this.basePath}fragment/\${this.${FOLDER}??""}\${hash}.pf_fragment\`)`);
    // A fragment group (not written by us) is fetched where Pagefind puts it.
    expect(library).toContain('fragment/${groupHash}.pf_fragment');
  });

  const META_READ = `this.searchMeta=${EXPAND_META}(this.decompress(new Uint8Array(compressed_meta),"Pagefind metadata"));if(this.primary)${PREFETCH}.meta(this,this.searchMeta);`;

  it('hands the wasm the meta index written out from a compact one (tests/unit/pagefind-bundle.test.ts checks the bytes), and the prefetch its bounds', () => {
    expect(library).toContain(META_READ);
  });

  it("makes its own un-gzip's tables when that first runs, not as the module loads", () => {
    expect(library).toContain(`function gunzipSync(data,out){${INFLATE_TABLES}();return inflt(`);
    expect(library).toContain(`var ${INFLATE_TABLES}=()=>{${INFLATE_TABLES}=()=>{};var _a=freb(fleb,2);`);
    expect(library).toContain('flrm=hMap(flt,9,1);fdrm=hMap(fdt,5,1);};');
    expect(library).toContain('var flrm,fdrm;');
    // Nothing left that fills the tables at the top level.
    expect(library).not.toContain('var rev=new u16(32768)');
    expect(library).not.toContain('var flrm=hMap(');
  });

  it("asks for the wasm at an address with its Pagefind version, the one the build preloads", () => {
    const WASM_URL = 'const wasm_url=`${this.basePath}wasm.${language}.pagefind?v=${encodeURIComponent(pagefind_version)}`;';
    expect(library).toContain(WASM_URL);
    const version = /const pagefind_version="([^"]+)"/.exec(library)![1]!;
    expect(version).toBe('1.6.0');
    // What the library's template gives, for this version, is what addPreloads writes.
    const wasm_url = new Function('language', 'pagefind_version', `${WASM_URL.replace('this.basePath', "''")} return wasm_url;`)('unknown', version);
    expect(wasm_url).toBe(wasmAddress(version));
  });

  it('lets a search fail when an index chunk fails to load, rather than search without it', () => {
    expect(library).toContain('"load_index_chunk"));}async loadFilterChunk(hash)');
  });

  it('settles the entry promise once, with the first entry it is given', async () => {
    const entry = new Function(`${ENTRY_HELPER} return [${ENTRY}, archiveEntry];`)() as [{ resolve(v: unknown): void }, () => Promise<unknown>];
    entry[0].resolve({ split_words: 'x' });
    entry[0].resolve({});
    await expect(entry[1]()).resolves.toEqual({ split_words: 'x' });
  });

  const EARLY_META = `const meta_url=\`\${this.basePath}pagefind.\${index}.pf_meta\`;const early_meta=await ${EARLY_TAKE}(meta_url);let compressed_resp=early_meta?new Response(early_meta):await this.throttledFetch(meta_url);`;
  const WASM_READ = `let compressed_resp=await this.throttledFetch(wasm_url);let compressed_wasm=await ${GUNZIP}(compressed_resp);`;
  const EARLY_WASM = `let final_wasm=await ${EARLY_TAKE}(wasm_url);if(!final_wasm){${WASM_READ}final_wasm=this.decompress(new Uint8Array(compressed_wasm),"Pagefind WebAssembly");}`;

  it('takes pf_meta and the compiled wasm from the page when it loaded them, and fetches them itself otherwise', () => {
    expect(library).toContain(EARLY_META);
    expect(library).toContain(`${EARLY_WASM}if(!final_wasm){throw new Error("No WASM after decompression");}this.wasm=await this.backend({module_or_path:final_wasm});`);
  });

  /** The library as Pagefind wrote it, with the segmenter's condition as given. */
  const original = (condition: string): string =>
    library
      .slice(LIBRARY_HELPERS.length)
      .replace(EARLY_META, 'let compressed_resp=await this.throttledFetch(`${this.basePath}pagefind.${index}.pf_meta`);')
      .replace(EARLY_WASM, `${WASM_READ}const final_wasm=this.decompress(new Uint8Array(compressed_wasm),"Pagefind WebAssembly");`)
      .replace(META_READ, 'this.searchMeta=this.decompress(new Uint8Array(compressed_meta),"Pagefind metadata");')
      .replace(`let entry_json=(this.primary&&${EMBEDDED_ENTRY}())||await(await this.throttledFetch(entryUrl)).json();if(this.primary)${ENTRY}.resolve(entry_json);this.${FOLDER}=entry_json.folder?entry_json.folder+"/":"";`, 'let entry_response=await this.throttledFetch(entryUrl);let entry_json=await entry_response.json();')
      .replace(`index/\${this.${FOLDER}??""}\${hash}.pf_index`, 'index/${hash}.pf_index')
      .replace(`fragment/\${this.${FOLDER}??""}\${hash}.pf_fragment`, 'fragment/${hash}.pf_fragment')
      .replace(`if(this.primary)${ENTRY}.resolve({});`, '')
      .replace('"load_index_chunk"));}', '"load_index_chunk")).catch(()=>{});}')
      .replace('export{archiveEntry,archivePrefetch,createInstance,', 'export{createInstance,')
      .replace(/var fl,revfl,fd,revfd,rev;var __archiveInflateTables=\(\)=>\{__archiveInflateTables=\(\)=>\{\};(var _a=freb\(fleb,2\);)fl=(_a\[0\];)revfl=(_a\[1\];fl\[28\]=258,revfl\[258\]=28;var _b=freb\(fdeb,0\);)fd=(_b\[0\];)revfd=(_b\[1\];)rev=(new u16\(32768\);for\(i=0;i<32768;\+\+i\)\{[^}]*\})flrm=hMap\(flt,9,1\);fdrm=hMap\(fdt,5,1\);\};/, '$1var fl=$2var revfl=$3var fd=$4var revfd=$5var rev=$6')
      .replace('var flrm,fdrm;', 'var flrm=hMap(flt,9,1);var fdrm=hMap(fdt,5,1);')
      .replace(`function gunzipSync(data,out){${INFLATE_TABLES}();return inflt(`, 'function gunzipSync(data,out){return inflt(')
      .replace('wasm.${language}.pagefind?v=${encodeURIComponent(pagefind_version)}`', 'wasm.${language}.pagefind`')
      .replaceAll(`await ${GUNZIP}(compressed_resp)`, 'await compressed_resp.arrayBuffer()')
      .replace('const term_chunks=[];if(false){', `const term_chunks=[];${condition}`)
      .replace('await asyncSleep(4);}if(!this.raw_ptr)', 'await asyncSleep(50);}if(!this.raw_ptr)');

  it('changes only what it names', () => {
    expect(tunePagefindLibrary(original('if(trueLanguage&&typeof Intl.Segmenter!=="undefined"){'), '1.6.0')).toBe(library);
  });

  it('refuses a library it was not written for, naming the version and the place', () => {
    expect(() => tunePagefindLibrary(original('if(trueLanguage){'), '9.9.9')).toThrow(/Pagefind 9\.9\.9's pagefind\.js has 0 places for the choice of how to segment a query/);
  });
});

describe("the search page's early loads", () => {
  const PAGE = 'https://example.org/search/?q=x';
  /** The library's helper, in a page whose early loads are `early` (none without). */
  const take = (early?: Map<string, Promise<unknown>>): ((url: string) => Promise<unknown>) =>
    new Function('window', 'location', `${EARLY_HELPER} return ${EARLY_TAKE};`)(early ? { [EARLY]: early } : undefined, { href: PAGE });
  /** A minimal wasm module (no sections), as Pagefind's file holds it: its signature, then the module. */
  const WASM = Buffer.concat([Buffer.from('pagefind_dcd'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])]);

  /** Runs the page's loader on preload links to these files, served from `files` (a 404 for any other). */
  async function load(files: Record<string, Uint8Array>, links: [string, string][]): Promise<Map<string, Promise<unknown>>> {
    const window: Record<string, unknown> = {};
    const document = { querySelectorAll: (selector: string) => (selector === 'link[rel=preload][as=fetch]' ? links.filter(([rel]) => rel === 'preload').map(([, href]) => ({ href: new URL(href, PAGE).href })) : []) };
    const fetch = async (url: string) => {
      const file = files[new URL(url).pathname];
      return file ? new Response(new Uint8Array(file)) : new Response('gone', { status: 404 });
    };
    new Function('window', 'document', 'fetch', EARLY_LOADER)(window, document, fetch);
    return window[EARLY] as Map<string, Promise<unknown>>;
  }

  it('un-gzips pf_meta and compiles the wasm under their addresses, for the library to take', async () => {
    const meta = Buffer.from('pagefind_dcd meta index bytes');
    const early = await load({ '/pagefind/pagefind.und_1.pf_meta': gzipSync(meta), '/pagefind/wasm.unknown.pagefind': gzipSync(WASM), '/pagefind/pagefind-entry.json': gzipSync('{}') }, [
      ['preload', '/pagefind/pagefind.und_1.pf_meta'],
      ['preload', '/pagefind/wasm.unknown.pagefind?v=1.6.0'],
      ['preload', '/pagefind/pagefind-entry.json?ts=x'],
    ]);
    // The entry file is not theirs to load.
    expect([...early.keys()]).toEqual(['https://example.org/pagefind/pagefind.und_1.pf_meta', 'https://example.org/pagefind/wasm.unknown.pagefind?v=1.6.0']);
    const library = take(early);
    // Pagefind's own relative addresses find them.
    expect(bytes((await library('/pagefind/pagefind.und_1.pf_meta')) as ArrayBuffer)).toBe(meta.toString('latin1'));
    expect(await library('/pagefind/wasm.unknown.pagefind?v=1.6.0')).toBeInstanceOf(WebAssembly.Module);
    expect(await library('/pagefind/pagefind.und_2.pf_meta')).toBeNull();
  });

  it('leaves to the library a file that failed, and everything in a page without the loader', async () => {
    const early = await load({}, [['preload', '/pagefind/pagefind.und_1.pf_meta'], ['preload', '/pagefind/wasm.unknown.pagefind?v=1.6.0']]);
    expect(early.size).toBe(2);
    expect(await take(early)('/pagefind/pagefind.und_1.pf_meta')).toBeNull();
    expect(await take(early)('/pagefind/wasm.unknown.pagefind?v=1.6.0')).toBeNull();
    // Not gzip (a host that un-gzipped it): the library's own path reads it.
    const plain = await load({ '/pagefind/pagefind.und_1.pf_meta': Buffer.from('pagefind_dcd plain') }, [['preload', '/pagefind/pagefind.und_1.pf_meta']]);
    expect(await take(plain)('/pagefind/pagefind.und_1.pf_meta')).toBeNull();
    expect(await take()('/pagefind/pagefind.und_1.pf_meta')).toBeNull();
  });
});

describe('the un-gzip helper', () => {
  it('un-gzips a gzipped index file', async () => {
    expect(bytes(await helper()(new Response(gzipSync(raw))))).toBe(raw.toString('latin1'));
  });

  it('passes through bytes that are not gzip (a host that decoded them already)', async () => {
    expect(bytes(await helper()(new Response(raw)))).toBe(raw.toString('latin1'));
  });

  it('passes through broken gzip, for Pagefind to report, and works without DecompressionStream', async () => {
    const broken = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip')]);
    expect(bytes(await helper()(new Response(broken)))).toBe(broken.toString('latin1'));
    const gz = gzipSync(raw);
    expect(bytes(await helper(undefined)(new Response(gz)))).toBe(gz.toString('latin1'));
  });
});
