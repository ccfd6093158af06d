import { gunzipSync } from 'node:zlib';
import { EXPAND_META, EXPAND_META_HELPER } from '~/integrations/pagefind-library';
import { decodeCbor, type CborValue } from '~/lib/cbor';

/** The bundle library's own helper (src/integrations/pagefind-library.ts): Pagefind's meta index from a compact one, other bytes as they came. */
export const expandMeta = new Function(`${EXPAND_META_HELPER} return ${EXPAND_META};`)() as (bytes: Uint8Array) => Uint8Array;

/** A pf_meta file as Pagefind's wasm reads it: un-gzipped, after its signature, written out by the library when compact. */
export function readMeta(file: Uint8Array): CborValue[] {
  const raw = gunzipSync(file);
  if (raw.subarray(0, 12).toString() !== 'pagefind_dcd') throw new Error('pf_meta without Pagefind\'s signature');
  return decodeCbor(expandMeta(raw.subarray(12))) as CborValue[];
}
