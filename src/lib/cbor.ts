/**
 * The subset of CBOR (RFC 8949) that Pagefind's index files use: unsigned and negative integers,
 * text strings and definite-length arrays. Pagefind's Rust indexer writes its structs with
 * minicbor's index encoding, which is an array of the fields in order, so an encoder for these
 * four kinds is enough to write every file the browser library reads.
 */

/** Appends CBOR items to a growing buffer; `bytes()` returns what was written. */
export class CborWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;
  static #text = new TextEncoder();

  constructor(capacity = 1 << 16) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  #head(major: number, n: number): void {
    this.#room(9);
    const m = major << 5;
    if (n < 24) this.#buf[this.#len++] = m | n;
    else if (n < 0x100) {
      this.#buf[this.#len++] = m | 24;
      this.#buf[this.#len++] = n;
    } else if (n < 0x10000) {
      this.#buf[this.#len++] = m | 25;
      this.#view.setUint16(this.#len, n);
      this.#len += 2;
    } else if (n < 0x100000000) {
      this.#buf[this.#len++] = m | 26;
      this.#view.setUint32(this.#len, n);
      this.#len += 4;
    } else {
      this.#buf[this.#len++] = m | 27;
      this.#view.setBigUint64(this.#len, BigInt(n));
      this.#len += 8;
    }
  }

  /** An integer, positive or negative. */
  int(n: number): this {
    if (n >= 0 && n < 24 && this.#len < this.#buf.length && Number.isInteger(n)) {
      this.#buf[this.#len++] = n;
      return this;
    }
    if (!Number.isSafeInteger(n)) throw new RangeError(`CBOR: ${n} is not a safe integer`);
    if (n >= 0) this.#head(0, n);
    else this.#head(1, -1 - n);
    return this;
  }

  /** A text string the caller knows to be ASCII (every index word): its bytes are its char codes. */
  ascii(s: string): this {
    this.#head(3, s.length);
    this.#room(s.length);
    for (let i = 0; i < s.length; i++) this.#buf[this.#len++] = s.charCodeAt(i);
    return this;
  }

  /** A text string. */
  text(s: string): this {
    const bytes = CborWriter.#text.encode(s);
    this.#head(3, bytes.length);
    this.#room(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
    return this;
  }

  /** The head of an array of `n` items; the items follow. */
  array(n: number): this {
    // Most arrays of the index are short: their head is one byte.
    if (n < 24 && n >= 0 && this.#len < this.#buf.length) this.#buf[this.#len++] = 0x80 | n;
    else this.#head(4, n);
    return this;
  }

  /**
   * The differences of `values[from..to)`, each from the one before (the first from `start`), as
   * unsigned integers, and the last value. The values are integers that must not decrease:
   * Pagefind stores a word's positions this way. One check for room and plain byte writes: this
   * writes every position of the index, 16 million at 10,000 articles, in 75–93 ms where `int`
   * per value took 125–265 ms (a throwaway script).
   */
  deltas(values: ArrayLike<number>, from: number, to: number, start = 0): number {
    this.#room((to - from) * 5);
    const buf = this.#buf;
    let len = this.#len;
    let previous = start;
    for (let k = from; k < to; k++) {
      const v = values[k]!;
      const n = v - previous;
      previous = v;
      if (n < 24 && n >= 0) buf[len++] = n;
      else if (n < 0x100 && n >= 0) {
        buf[len++] = 24;
        buf[len++] = n;
      } else if (n < 0x10000 && n >= 0) {
        buf[len++] = 25;
        buf[len++] = n >>> 8;
        buf[len++] = n & 0xff;
      } else if (n < 0x100000000 && n >= 0) {
        buf[len++] = 26;
        buf[len++] = n >>> 24;
        buf[len++] = (n >>> 16) & 0xff;
        buf[len++] = (n >>> 8) & 0xff;
        buf[len++] = n & 0xff;
      } else {
        this.#len = len;
        throw new RangeError(`CBOR: ${v} after ${v - n} is no unsigned difference of 32 bits`);
      }
    }
    this.#len = len;
    return previous;
  }

  /** An array of integers. */
  ints(values: ArrayLike<number>): this {
    this.array(values.length);
    for (let i = 0; i < values.length; i++) this.int(values[i]!);
    return this;
  }

  get length(): number {
    return this.#len;
  }

  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** Forgets what was written, keeping the buffer. */
  reset(): void {
    this.#len = 0;
  }
}

/** A decoded CBOR value of the kinds above (plus maps, byte strings and simple values, for tests). */
export type CborValue = number | string | boolean | null | Uint8Array | CborValue[] | { [key: string]: CborValue };

/** Decodes one CBOR item; throws on anything malformed or unsupported. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  let i = 0;
  const head = (): [number, number] => {
    if (i >= bytes.length) throw new Error('CBOR: unexpected end');
    const b = bytes[i++]!;
    const info = b & 31;
    let n: number;
    if (info < 24) n = info;
    else if (info === 24) n = bytes[i++]!;
    else if (info === 25) (n = view.getUint16(i)), (i += 2);
    else if (info === 26) (n = view.getUint32(i)), (i += 4);
    else if (info === 27) (n = Number(view.getBigUint64(i))), (i += 8);
    else throw new Error(`CBOR: unsupported additional information ${info}`);
    return [b >> 5, n];
  };
  const item = (): CborValue => {
    const [major, n] = head();
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        return bytes.slice(i, (i += n));
      case 3:
        return text.decode(bytes.subarray(i, (i += n)));
      case 4:
        return Array.from({ length: n }, item);
      case 5: {
        const out: Record<string, CborValue> = {};
        for (let k = 0; k < n; k++) out[String(item())] = item();
        return out;
      }
      case 7:
        if (n === 20 || n === 21) return n === 21;
        if (n === 22) return null;
        throw new Error(`CBOR: unsupported simple value ${n}`);
      default:
        throw new Error(`CBOR: unsupported major type ${major}`);
    }
  };
  const value = item();
  if (i !== bytes.length) throw new Error(`CBOR: ${bytes.length - i} trailing bytes`);
  return value;
}
