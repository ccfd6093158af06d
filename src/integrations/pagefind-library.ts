/**
 * Five changes to Pagefind's browser library (`pagefind.js`) as the bundle ships it. The first three
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
 * Each change must match the library's code exactly as often as expected, or the build fails
 * naming it: a new Pagefind version is read again by hand rather than half-changed.
 */

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

/** The id of the element in which the search page may carry the entry file, as JSON. */
export const ENTRY_ELEMENT = 'archive-pagefind-entry';

/** The helper's name: the entry file the page carries, parsed, or null. */
export const EMBEDDED_ENTRY = '__archiveEmbeddedEntry';

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
    what: "the address of a page's fragment (_loadFragment)",
    from: 'this.throttledFetch(`${this.basePath}fragment/${hash}.pf_fragment`)',
    to: `this.throttledFetch(\`\${this.basePath}fragment/\${this.${FOLDER}??""}\${hash}.pf_fragment\`)`,
    times: 1,
  },
  {
    what: "the module's exports",
    from: 'export{createInstance,',
    to: 'export{archiveEntry,createInstance,',
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
  return GUNZIP_HELPER + ENTRY_HELPER + EMBEDDED_ENTRY_HELPER + out;
}
