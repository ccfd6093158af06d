import { gunzipSync } from 'node:zlib';
import { COMPACT_FIELDS_HELPER, EXPAND_META, EXPAND_META_HELPER, PREFETCH, PREFETCH_HELPER } from '~/integrations/pagefind-library';
import { decodeCbor, type CborValue } from '~/lib/cbor';

/** The bundle library's own helper (src/integrations/pagefind-library.ts): Pagefind's meta index from a compact one, other bytes as they came. */
export const expandMeta = new Function(`${COMPACT_FIELDS_HELPER}${EXPAND_META_HELPER} return ${EXPAND_META};`)() as (bytes: Uint8Array) => Uint8Array;

/** A gzipped file of a Pagefind bundle as the browser library reads it: un-gzipped, its signature checked and taken off. */
export function unpack(file: Uint8Array): Uint8Array {
  const raw = gunzipSync(file);
  if (raw.subarray(0, 12).toString() !== 'pagefind_dcd') throw new Error(`a bundle file without Pagefind's signature: ${JSON.stringify(raw.subarray(0, 12).toString())}`);
  return raw.subarray(12);
}

/** A pf_meta file as Pagefind's wasm reads it: unpacked, and written out by the library when compact. */
export function readMeta(file: Uint8Array): CborValue[] {
  return decodeCbor(expandMeta(unpack(file))) as CborValue[];
}

/**
 * The bundle library's prefetch (src/integrations/pagefind-library.ts) with an instance that records
 * the chunks it is asked to load: `meta` as the library reads pf_meta's bytes (written out, then
 * handed to the prefetch), `prefetch` as the page calls it.
 */
export function prefetcher(): { loaded: string[]; meta(bytes: Uint8Array): void; prefetch(searches: string[]): void } {
  const loaded: string[] = [];
  const instance = { loadChunk: (id: string) => (loaded.push(id), Promise.resolve()) };
  const [expand, state, prefetch] = new Function(`${COMPACT_FIELDS_HELPER}${EXPAND_META_HELPER}${PREFETCH_HELPER} return [${EXPAND_META}, ${PREFETCH}, archivePrefetch];`)() as [
    (bytes: Uint8Array) => Uint8Array,
    { meta(instance: unknown, bytes: Uint8Array): void },
    (searches: string[]) => void,
  ];
  return { loaded, meta: (bytes) => state.meta(instance, expand(bytes)), prefetch };
}
