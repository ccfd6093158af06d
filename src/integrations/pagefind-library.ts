/**
 * Eleven changes to Pagefind's browser library (`pagefind.js`) as the bundle ships it. The first three
 * were each measured on a first search at 10,000 articles (BENCHMARKS.md, "First search: what the
 * library waited for"):
 *
 * - Pagefind un-gzips the meta index, the wasm, each index chunk and each fragment in JavaScript,
 *   on the main thread: about 40 ms for pf_meta alone at 10,000 articles, in Chromium here. The browser's own
 *   `DecompressionStream` does it natively. Pagefind already passes through bytes that start with
 *   its signature (`pagefind_dcd`), so the library is handed those; a browser without the
 *   stream, or bytes that are not gzip (a host that decoded them already), take the old path.
 * - Pagefind splits each query with `Intl.Segmenter` when the browser has one, and the first
 *   segmenter a page makes costs 28–85 ms in Chromium here (ICU loads its rules). Our index's
 *   words are ASCII tokens (src/lib/search-text.ts), which Pagefind's other path, one character
 *   at a time, reads exactly alike: queries now always take that path.
 * - A search called before the index is loaded waits in steps of 50 ms (`getPtr`): on average
 *   25 ms lost on the first search. It now checks every 4 ms.
 *
 * The fourth concerns the bundle's entry file, which Pagefind reads first on every search. The
 * library hands it to the search page (`archiveEntry()`, a new export), which reads the index's
 * split words from it (`EntryExtras`, src/lib/bundle-names.ts) before it searches: the list rides
 * in a file Pagefind needs anyway, rather than in the page or in a file of its own. And the
 * library takes the entry from the search page when the page carries it (`ENTRY_ELEMENT`): the
 * build puts it there while it is small (`addPreloads`, src/integrations/search-index.ts), one
 * request fewer on every first search. A large one (the split words alone are 11.1 kB gzipped at
 * 100,000 articles) is fetched as before, and the page keeps within its budget.
 *
 * The fifth puts the folder of our bundle's fragments and chunks (`EntryExtras.folder`, read with
 * the entry file) back into their addresses: pf_meta lists their ids without it (`sequenceName`,
 * src/lib/bundle-names.ts), 5.3 kB less on every first search at 10,000 articles.
 *
 * The sixth reads a compact pf_meta (`BundleOptions.meta`, src/integrations/pagefind-bundle.ts):
 * the ids of its pages and chunks left out (they are their numbers), the pages' word counts as
 * places in a table, and the chunks' bounds front-coded. The library writes Pagefind's own meta
 * index from it, byte for byte what the writer would have written, before the wasm reads it:
 * 55 kB → 17 kB gzipped at 10,000 articles, on every first search. Any other pf_meta is passed on
 * as it came.
 *
 * The seventh lets a search fail when one of its index chunks fails to load. Pagefind logs the
 * error and searches without the chunk, so the search page would tell the reader that nothing was
 * found; it now says that the index did not load (src/components/archive-search.ts).
 *
 * The eighth fetches a first search's index chunks while Pagefind starts. A search asks the wasm
 * which chunks its words need, so it waits for the wasm, pf_meta and their decoding before the
 * first chunk request goes out. The search page knows its query before then (the query in
 * its address, or one typed while Pagefind starts) and hands it over (`archivePrefetch(searches)`,
 * a new export), and a compact pf_meta carries the chunks' bounds:
 * once pf_meta is in, the library loads the chunk of each of the query's words, chosen as
 * Pagefind's wasm chooses them (`request_indexes`: the first chunk whose bounds hold the word),
 * through Pagefind's own cache of chunk loads, so the search finds them loading or loaded and
 * nothing is fetched twice. A word no chunk holds is left to the search. The chunk is found
 * among the bounds the sixth change has just written out for the wasm.
 *
 * The ninth puts off the tables of the library's own un-gzip (fflate's, for browsers without
 * `DecompressionStream`) until it first runs: two loops of 32,768 steps when the module loads,
 * about 10 ms of every first search in a fresh Chromium page here (BENCHMARKS.md), for a path
 * that browsers with the stream never take.
 *
 * The tenth puts the library's Pagefind version in the wasm's address (`wasmAddress`). The wasm's
 * name stays the same from one version to the next, so after a deploy that upgrades Pagefind a
 * browser could keep the old one for minutes and fail every search, the page's reload included.
 *
 * The eleventh takes pf_meta and the wasm from the search page when it has them: its inline
 * script (`EARLY_LOADER`) fetches both as the page is parsed, un-gzips them and compiles the wasm
 * (off the main thread), while the page is laid out and its own scripts load. The library asked
 * for them only once it was imported and started, and compiled the wasm after that. Whatever
 * the page could not load the library fetches itself, as before.
 *
 * Each change must match the library's code exactly as often as expected, or the build fails
 * naming it: a new Pagefind version is read again by hand rather than half-changed.
 */

import { COMPACT_META, ENTRY_ELEMENT } from '../lib/bundle-names';

/** What one change replaces, with what, and how many times it must occur. */
interface Change {
  what: string;
  from: string;
  to: string;
  times: number;
}

/** The helper's name in the library. */
export const GUNZIP = '__archiveGunzip';

/** The module's promise of the primary index's entry file, settled once Pagefind has read it (or failed to: `{}`). */
export const ENTRY = '__archiveEntry';

/** The instance's property holding its bundle's folder (`EntryExtras.folder`), with a slash; "" for none. */
export const FOLDER = 'archiveFolder';

/** The id of the element in which the search page may carry the entry file (src/lib/bundle-names.ts). */
export { ENTRY_ELEMENT };

/** The helper's name: the entry file the page carries, parsed, or null. */
export const EMBEDDED_ENTRY = '__archiveEmbeddedEntry';

/** The helper's name: Pagefind's meta index from a compact one (`COMPACT_META`), or the bytes as they came. */
export const EXPAND_META = '__archiveMeta';

/** The first bytes of a compact meta index (src/lib/bundle-names.ts says what follows). */
export { COMPACT_META };

/** The wasm's address in the bundle (under its folder), as the library asks for it: with its Pagefind version. */
export function wasmAddress(version: string, language = 'unknown'): string {
  return `wasm.${language}.pagefind?v=${encodeURIComponent(version)}`;
}

/** The name of the function that makes the un-gzip's tables, once, when it first runs. */
export const INFLATE_TABLES = '__archiveInflateTables';

/** The helper's name: a compact pf_meta's fields and where its CBOR starts, or null for any other. */
export const COMPACT_FIELDS = '__archiveCompactFields';

/** The helper's name: a WeakMap from the meta index `EXPAND_META` wrote to where its chunk bounds are in it. */
export const BOUNDS = '__archiveBounds';

export const COMPACT_FIELDS_HELPER =
  `const ${COMPACT_FIELDS}=(bytes)=>{const mark=${JSON.stringify(COMPACT_META)};for(let i=0;i<mark.length;i++)if(bytes[i]!==mark.charCodeAt(i))return null;` +
  `const end=bytes.indexOf(10,mark.length);return{fields:JSON.parse(new TextDecoder().decode(bytes.subarray(mark.length,end))),tail:bytes.subarray(end+1)};};`;

/**
 * Writes into one preallocated array, ids counted up in place, each bound's shared characters
 * copied natively from the bound before it: it runs once, unoptimised, so every operation per
 * byte counts. At 10,000 articles, in a fresh Chromium page here, 16–20 ms (medians of 7 pages,
 * three alternated runs), against 20–25 ms with the bounds copied a byte at a time.
 *
 * Where each chunk bound landed in the bytes it returns (`BOUNDS`: start and length of bound `i`
 * at `2i` and `2i + 1`) is kept for the prefetch, which then finds a word's chunk by a binary
 * search over bounds already written out, rather than decoding the front-coded bounds a second
 * time (8–11 ms at 10,000 articles in Node here, on every first search).
 */
export const EXPAND_META_HELPER =
  `const ${BOUNDS}=new WeakMap();` +
  `const ${EXPAND_META}=(bytes)=>{const compact=${COMPACT_FIELDS}(bytes);if(!compact)return bytes;` +
  `const{fields:[version,pages,counts,codes,bounds],tail}=compact;` +
  // A bound is at most 35 shared characters, a 3-byte head and its rest; a page at most 14 bytes.
  `const out=new Uint8Array(64+version.length+pages*14+bounds.length*24+tail.length);let n=0;` +
  `const head=(major,v)=>{const m=major<<5;if(v<24)out[n++]=m|v;else if(v<256){out[n++]=m|24;out[n++]=v;}else if(v<65536){out[n++]=m|25;out[n++]=v>>8;out[n++]=v&255;}` +
  `else{out[n++]=m|26;out[n++]=v>>>24;out[n++]=v>>16&255;out[n++]=v>>8&255;out[n++]=v&255;}};` +
  // The next id in base 36, its digits kept lowest first.
  `const digits=new Uint8Array(12);let length=0;const first=()=>{digits[0]=48;length=1;};` +
  `const id=()=>{out[n++]=0x60|length;for(let j=length-1;j>=0;j--)out[n++]=digits[j];` +
  `for(let j=0;;j++){if(j===length){digits[length++]=49;break;}const d=digits[j];if(d===57){digits[j]=97;break;}if(d!==122){digits[j]=d+1;break;}digits[j]=48;}};` +
  `const digit=(c)=>(c<58?c-48:c-87);` +
  `out[n++]=0x86;head(3,version.length);for(let i=0;i<version.length;i++)out[n++]=version.charCodeAt(i);` +
  `const width=pages?codes.length/pages:1;const countBytes=counts.map((c)=>{const at=n;head(0,c);const b=out.slice(at,n);n=at;return b;});` +
  `head(4,pages);first();for(let i=0,at=0;i<pages;i++){out[n++]=0x83;id();let c=0;for(let j=0;j<width;j++)c=c*36+digit(codes.charCodeAt(at++));` +
  `const b=countBytes[c];for(let j=0;j<b.length;j++)out[n++]=b[j];out[n++]=0x60;}` +
  // Each bound: the characters it shares are copied from the bound before it, already written.
  "let entries=bounds?1:0;for(let i=bounds.indexOf(' ');i>=0;i=bounds.indexOf(' ',i+1))entries++;head(4,entries/2);first();" +
  `const where=new Int32Array(entries*2);` +
  `let prev=0;for(let i=0,entry=0;entry<entries;entry++){const shared=digit(bounds.charCodeAt(i));let stop=bounds.indexOf(" ",i);if(stop<0)stop=bounds.length;` +
  `const size=shared+stop-i-1;if(!(entry&1))out[n++]=0x83;head(3,size);const at=n;out.copyWithin(n,prev,prev+shared);n+=shared;` +
  `for(let j=i+1;j<stop;j++)out[n++]=bounds.charCodeAt(j);where[entry*2]=at;where[entry*2+1]=size;prev=at;i=stop+1;if(entry&1)id();}` +
  `out.set(tail,n);n+=tail.length;const result=out.subarray(0,n);${BOUNDS}.set(result,where);return result;};`;

/** The helper's name: the chunks a coming search will need, loaded as soon as pf_meta is (`archivePrefetch`). */
export const PREFETCH = '__archivePrefetch';

/**
 * `archivePrefetch(searches)` takes the strings the page will search for (quoted or not); `meta`
 * is called with the primary instance and the meta index as the wasm will read it, once written
 * out (`EXPAND_META`). Each word's chunk is found as the wasm's `request_indexes` finds it, the
 * first whose lower bound ≤ word ≤ upper bound, compared as bytes (every bound is ASCII): by a
 * binary search for the first upper bound ≥ word, as the writer puts the chunks in order of
 * their words (tests/unit/pagefind-bundle.test.ts checks the choice against the rule for every
 * bound, for words between chunks, and for words before the first and after the last).
 */
export const PREFETCH_HELPER =
  `const ${PREFETCH}={words:[],instance:null,bytes:null,` +
  `meta(instance,bytes){this.instance=instance;this.bytes=bytes;this.run();},` +
  // Only ever an early start: whatever goes wrong here is left to the search itself.
  `run(){const{instance,bytes,words}=this;if(!instance||!words.length)return;this.words=[];try{` +
  `const where=${BOUNDS}.get(bytes);if(!where)return;const chunks=where.length>>2;` +
  // word against bound i: < 0 when the word sorts first.
  `const cmp=(word,i)=>{const at=where[2*i],size=where[2*i+1],m=Math.min(word.length,size);` +
  `for(let j=0;j<m;j++){const d=word.charCodeAt(j)-bytes[at+j];if(d)return d;}return word.length-size;};` +
  `for(const word of words){let lo=0,hi=chunks;while(lo<hi){const mid=(lo+hi)>>1;if(cmp(word,2*mid+1)<=0)hi=mid;else lo=mid+1;}` +
  `if(lo<chunks&&cmp(word,2*lo)>=0)instance.loadChunk(lo.toString(36)).catch(()=>{});}}catch{}}};` +
  `const archivePrefetch=(searches)=>{for(const search of searches)for(const word of search.replaceAll('"',"").split(" "))if(word)${PREFETCH}.words.push(word);${PREFETCH}.run();};`;

export const EMBEDDED_ENTRY_HELPER =
  `const ${EMBEDDED_ENTRY}=()=>{try{const el=typeof document==="undefined"?null:document.getElementById(${JSON.stringify(ENTRY_ELEMENT)});` +
  `return el?JSON.parse(el.textContent):null;}catch{return null;}};`;

export const ENTRY_HELPER =
  `const ${ENTRY}={};${ENTRY}.promise=new Promise((resolve)=>{${ENTRY}.resolve=resolve;});` + `const archiveEntry=()=>${ENTRY}.promise;`;

/** Returns the response's bytes, un-gzipped natively when they are gzip and the browser can; as they came otherwise. */
export const GUNZIP_HELPER =
  `const ${GUNZIP}=async(response)=>{const bytes=await response.arrayBuffer();const head=new Uint8Array(bytes,0,Math.min(2,bytes.byteLength));` +
  `if(head[0]!==0x1f||head[1]!==0x8b||typeof DecompressionStream==="undefined")return bytes;` +
  `try{return await new Response(new Response(bytes).body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();}catch{return bytes;}};`;

/** fflate's table of bit-reversed 15-bit numbers, filled as the module loads (the ninth change). */
const REVERSE_LOOP = 'for(i=0;i<32768;++i){x=(i&43690)>>>1|(i&21845)<<1;x=(x&52428)>>>2|(x&13107)<<2;x=(x&61680)>>>4|(x&3855)<<4;rev[i]=((x&65280)>>>8|(x&255)<<8)>>>1;}';

/** The window's property in which the search page keeps what it loaded early (`EARLY_LOADER`): a Map from each file's URL to its promise. */
export const EARLY = 'archiveEarly';

/** The helper's name: what the page loaded early for a URL (`EARLY`), or null. */
export const EARLY_TAKE = '__archiveEarly';

/**
 * The search page's inline script, run as the page is parsed: for each file it preloads for
 * Pagefind (src/integrations/search-index.ts, `addPreloads`), pf_meta is fetched and un-gzipped,
 * and the wasm fetched, un-gzipped, stripped of Pagefind's signature and compiled, each as a
 * promise under its address in `window[EARLY]`. The fetches are the preloads' own (the same
 * address and mode). A browser without `DecompressionStream`, or a file that fails, leaves the
 * file to the library, which takes the early promise only when it succeeded (`EARLY_HELPER`).
 */
export const EARLY_LOADER =
  `{const early=window.${EARLY}=new Map();` +
  'const gunzip=async(response)=>{if(!response.ok)throw new Error(`${response.status} ${response.url}`);' +
  'return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();};' +
  'if(typeof DecompressionStream!=="undefined")for(const link of document.querySelectorAll("link[rel=preload][as=fetch]")){' +
  'const path=new URL(link.href).pathname;let promise;' +
  'if(path.endsWith(".pf_meta"))promise=fetch(link.href).then(gunzip);' +
  'else if(/\\/wasm\\.[^/]*\\.pagefind$/.test(path))promise=fetch(link.href).then(gunzip).then((bytes)=>{' +
  'const wasm=new Uint8Array(bytes);' +
  'return WebAssembly.compile(new TextDecoder().decode(wasm.subarray(0,12))==="pagefind_dcd"?wasm.subarray(12):wasm);});' +
  // A failure is the library's to meet (it fetches the file itself), not an unhandled rejection.
  'if(promise){promise.catch(()=>{});early.set(link.href,promise);}}}';

/**
 * `${EARLY_TAKE}(url)`: the page's early promise for `url` (`EARLY_LOADER`), settled: its value,
 * or null when the page has none or it failed (the library then fetches the file itself).
 */
export const EARLY_HELPER =
  `const ${EARLY_TAKE}=async(url)=>{try{const early=typeof window==="undefined"?undefined:window.${EARLY};` +
  'const promise=early?.get(new URL(url,location.href).href);return promise?await promise:null;}catch{return null;}};';

/** What the library is given ahead of its own code, in this order. */
export const LIBRARY_HELPERS = GUNZIP_HELPER + ENTRY_HELPER + EMBEDDED_ENTRY_HELPER + COMPACT_FIELDS_HELPER + EXPAND_META_HELPER + PREFETCH_HELPER + EARLY_HELPER;

const CHANGES: Change[] = [
  {
    what: 'reading a fetched index file (meta, wasm, chunk, fragment, fragment group)',
    from: 'await compressed_resp.arrayBuffer()',
    to: `await ${GUNZIP}(compressed_resp)`,
    times: 5,
  },
  {
    what: 'the choice of how to segment a query (Intl.Segmenter when the browser has one)',
    from: 'if(trueLanguage&&typeof Intl.Segmenter!=="undefined"){',
    to: 'if(false){',
    times: 1,
  },
  {
    what: 'the wait for the index in getPtr',
    from: 'async getPtr(){while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(50);}',
    to: 'async getPtr(){while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(4);}',
    times: 1,
  },
  {
    what: 'reading the entry file (loadEntry)',
    from: 'let entry_response=await this.throttledFetch(entryUrl);let entry_json=await entry_response.json();',
    to: `let entry_json=(this.primary&&${EMBEDDED_ENTRY}())||await(await this.throttledFetch(entryUrl)).json();if(this.primary)${ENTRY}.resolve(entry_json);this.${FOLDER}=entry_json.folder?entry_json.folder+"/":"";`,
    times: 1,
  },
  {
    what: 'a failed start (init)',
    from: '}catch(e){this.initError=e instanceof Error?e:new Error(String(e));throw e',
    to: `}catch(e){this.initError=e instanceof Error?e:new Error(String(e));if(this.primary)${ENTRY}.resolve({});throw e`,
    times: 1,
  },
  {
    what: "the address of an index chunk (loadChunk)",
    from: 'this._loadGenericChunk(`${this.basePath}index/${hash}.pf_index`',
    to: `this._loadGenericChunk(\`\${this.basePath}index/\${this.${FOLDER}??""}\${hash}.pf_index\``,
    times: 1,
  },
  {
    what: 'a failed index chunk (loadChunk)',
    from: '"load_index_chunk")).catch(()=>{});}',
    to: '"load_index_chunk"));}',
    times: 1,
  },
  {
    what: "the address of a page's fragment (_loadFragment)",
    from: 'this.throttledFetch(`${this.basePath}fragment/${hash}.pf_fragment`)',
    to: `this.throttledFetch(\`\${this.basePath}fragment/\${this.${FOLDER}??""}\${hash}.pf_fragment\`)`,
    times: 1,
  },
  {
    what: 'reading the meta index (loadMeta)',
    from: 'this.searchMeta=this.decompress(new Uint8Array(compressed_meta),"Pagefind metadata");',
    to: `this.searchMeta=${EXPAND_META}(this.decompress(new Uint8Array(compressed_meta),"Pagefind metadata"));if(this.primary)${PREFETCH}.meta(this,this.searchMeta);`,
    times: 1,
  },
  {
    what: "the un-gzip's tables made as the module loads",
    from: `var _a=freb(fleb,2);var fl=_a[0];var revfl=_a[1];fl[28]=258,revfl[258]=28;var _b=freb(fdeb,0);var fd=_b[0];var revfd=_b[1];var rev=new u16(32768);${REVERSE_LOOP}`,
    to:
      `var fl,revfl,fd,revfd,rev;var ${INFLATE_TABLES}=()=>{${INFLATE_TABLES}=()=>{};` +
      `var _a=freb(fleb,2);fl=_a[0];revfl=_a[1];fl[28]=258,revfl[258]=28;var _b=freb(fdeb,0);fd=_b[0];revfd=_b[1];rev=new u16(32768);${REVERSE_LOOP}` +
      'flrm=hMap(flt,9,1);fdrm=hMap(fdt,5,1);};',
    times: 1,
  },
  {
    what: "the un-gzip's fixed Huffman tables",
    from: 'var flrm=hMap(flt,9,1);var fdrm=hMap(fdt,5,1);',
    to: 'var flrm,fdrm;',
    times: 1,
  },
  {
    what: 'the un-gzip (gunzipSync)',
    from: 'function gunzipSync(data,out){return inflt(',
    to: `function gunzipSync(data,out){${INFLATE_TABLES}();return inflt(`,
    times: 1,
  },
  {
    what: "the wasm's address (loadWasm)",
    from: 'const wasm_url=`${this.basePath}wasm.${language}.pagefind`;',
    to: 'const wasm_url=`${this.basePath}wasm.${language}.pagefind?v=${encodeURIComponent(pagefind_version)}`;',
    times: 1,
  },
  {
    what: 'fetching the meta index (loadMeta)',
    from: 'let compressed_resp=await this.throttledFetch(`${this.basePath}pagefind.${index}.pf_meta`);',
    to: `const meta_url=\`\${this.basePath}pagefind.\${index}.pf_meta\`;const early_meta=await ${EARLY_TAKE}(meta_url);let compressed_resp=early_meta?new Response(early_meta):await this.throttledFetch(meta_url);`,
    times: 1,
  },
  {
    what: 'fetching and compiling the wasm (loadWasm)',
    from: `let compressed_resp=await this.throttledFetch(wasm_url);let compressed_wasm=await ${GUNZIP}(compressed_resp);const final_wasm=this.decompress(new Uint8Array(compressed_wasm),"Pagefind WebAssembly");`,
    to: `let final_wasm=await ${EARLY_TAKE}(wasm_url);if(!final_wasm){let compressed_resp=await this.throttledFetch(wasm_url);let compressed_wasm=await ${GUNZIP}(compressed_resp);final_wasm=this.decompress(new Uint8Array(compressed_wasm),"Pagefind WebAssembly");}`,
    times: 1,
  },
  {
    what: "the module's exports",
    from: 'export{createInstance,',
    to: 'export{archiveEntry,archivePrefetch,createInstance,',
    times: 1,
  },
];

/** Pagefind's `pagefind.js` with the changes above; throws when the library is not the one they were written for. */
export function tunePagefindLibrary(source: string, version: string): string {
  let out = source;
  for (const change of CHANGES) {
    const found = out.split(change.from).length - 1;
    if (found !== change.times) {
      throw new Error(
        `Pagefind ${version}'s pagefind.js has ${found} places for ${change.what}, where ${change.times} were expected: ` +
          `check src/integrations/pagefind-library.ts against this version of the library.`,
      );
    }
    out = out.split(change.from).join(change.to);
  }
  return LIBRARY_HELPERS + out;
}
