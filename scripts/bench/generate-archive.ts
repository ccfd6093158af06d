/**
 * A deterministic generator of a realistic newspaper archive, in the exact format of content/
 * (editions/YYYY-MM-DD.yaml, articles/YYYY-MM-DD/<slug>.md, people/<id>.yaml), for the build and
 * search benchmarks. The same options always give byte-identical files.
 *
 * Text is made of words drawn from jieba's dictionary (shipped by @node-rs/jieba, a real
 * word-frequency list of about 350,000 words), ranked by their corpus frequency and drawn with
 * Zipf's law, so vocabulary, word lengths and repetition look like real Chinese prose to a
 * tokenizer, an index and a compressor. The text itself is meaningless: every edition says so in
 * a source note, and names are composed from common surnames and given-name characters. Bylines
 * come from fixed rosters (the paper's reporters, photographers and correspondents, and the
 * agencies'), drawn with Zipf's law, so the same names sign again and again as in a real paper.
 *
 * Run with plain Node 24 (no Astro imports here):
 *   node scripts/bench/generate-archive.ts --articles 10000 [--out DIR] [--seed 1]
 * or import { generateArchive } from a test or benchmark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { pinyin } from 'pinyin-pro';

export interface GenerateOptions {
  /** How many articles to write. */
  articles: number;
  /** The content root to write into; created, or emptied when it holds an earlier generated archive. */
  outDir?: string;
  /** Seed of the pseudo-random generator; the same seed and options give the same files. */
  seed?: number;
  /** The first edition's date, YYYY-MM-DD. */
  startDate?: string;
  /** The archive spans at least this many years; editions are spread evenly over them. */
  minYears?: number;
}

export interface GeneratedArchive {
  /** The content root: pass it to the build as CONTENT_ROOT. */
  root: string;
  articles: number;
  editions: number;
  pages: number;
  people: number;
  /** Characters of article text (body, headlines and captions), to report per-character costs. */
  characters: number;
  /** Content-root-relative paths of every article file, in generation order. */
  articlePaths: string[];
}

/** Written at the root of every generated archive, so that a rerun only ever empties its own folders. */
export const MARKER = '.generated-archive';

/** Zipf's exponent: about 1 for word frequencies in natural language. */
const ZIPF_S = 1.0;
/** Only the most frequent words are drawn: the dictionary's long tail is mostly rare idioms and names. */
const VOCABULARY = 60_000;
const ARTICLE_CHARS = { min: 800, max: 2500 } as const;

const PAGE_NAMES = ['要闻', '综合', '经济', '社会', '文化', '体育', '国际', '评论', '副刊', '专版', '法治', '教育'];
const KINDS = [
  ['news', 40],
  ['brief', 20],
  ['feature', 15],
  ['photo', 10],
  ['commentary', 7],
  ['profile', 5],
  ['interview', 3],
] as const;
const SOURCES = ['本报', '本报讯', '新华社', '人民日报'] as const;
/**
 * Who signs: the staff of a regional daily and the agencies whose copy it prints, each pool a fixed
 * roster drawn once per archive (seeded), with the role its names sign with. Credits are drawn from
 * a pool with Zipf's law, so a few reporters sign often and most now and then, as in a real paper;
 * drawing a fresh name per credit made almost every byline a page of its own (16,356 byline pages
 * at 10,000 articles, over half the site).
 */
const ROSTER = {
  /** 本报记者: the paper's own reporters. */
  reporters: { size: 180, role: '本报记者' },
  /** The paper's photographers (本报记者, credited for photos). */
  photographers: { size: 25, role: '本报记者' },
  /** 通讯员: correspondents in local offices and organisations, who co-sign. */
  correspondents: { size: 80, role: '通讯员' },
  interns: { size: 15, role: '实习生' },
  stringers: { size: 10, role: '特约记者' },
  xinhua: { size: 40, role: '新华社记者' },
  /** 人民日报's reporters, who sign as 记者 (the schema's roles: src/schemas/byline.ts). */
  peoplesDaily: { size: 20, role: '记者' },
} as const;
type Pool = keyof typeof ROSTER;
/** Which pool a co-signer of the paper's own story comes from. */
const COSIGNERS: readonly (readonly [Pool, number])[] = [
  ['reporters', 55],
  ['correspondents', 35],
  ['interns', 6],
  ['stringers', 4],
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力燕鹏宇浩晨欣怡婷雪琳晶亮斌波宁峰俊凯佳慧颖梅海林飞云瑞博凡子涵博远思雨楠';
const CITIES = ['北京', '上海', '广州', '武汉', '成都', '西安', '南京', '杭州', '合肥', '长沙', '郑州', '沈阳', '昆明', '兰州', '乌鲁木齐', '拉萨'];
const REGIONS = ['北京市', '上海市', '广东省', '湖北省', '四川省', '陕西省', '江苏省', '浙江省', '安徽省', '湖南省', '河南省', '辽宁省', '云南省', '甘肃省'];

/** A small, fast seeded PRNG (sfc32): Math.random cannot be seeded, and the archive must be reproducible. */
function makeRandom(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

interface Vocabulary {
  words: string[];
  /** Cumulative Zipf weights, for drawing a word by binary search. */
  cumulative: Float64Array;
  /** Two-character nouns of middling frequency: realistic subject tags. */
  nouns: string[];
}

let cachedVocabulary: Vocabulary | undefined;

/** Reads jieba's dictionary (`word frequency part-of-speech` per line) and ranks its Chinese words by frequency. */
export function loadVocabulary(): Vocabulary {
  if (cachedVocabulary) return cachedVocabulary;
  const file = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
  const entries: { word: string; freq: number; pos: string }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [word, freq, pos] = line.split(' ');
    // Latin, digits and symbols are left out: the generator writes its own numbers.
    if (word && freq && /^\p{Script=Han}{1,4}$/u.test(word)) entries.push({ word, freq: Number(freq), pos: pos ?? '' });
  }
  // Ties broken by the word itself so that the ranking does not depend on the sort's stability.
  entries.sort((x, y) => y.freq - x.freq || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
  const top = entries.slice(0, VOCABULARY);
  const cumulative = zipfWeights(top.length);
  const nouns = entries
    .slice(2_000, 20_000)
    .filter((e) => e.pos === 'n' && e.word.length === 2)
    .slice(0, 400)
    .map((e) => e.word);
  cachedVocabulary = { words: top.map((e) => e.word), cumulative, nouns };
  return cachedVocabulary;
}

/** Cumulative Zipf weights over `n` ranks. */
function zipfWeights(n: number): Float64Array {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = sum += 1 / Math.pow(rank + 1, ZIPF_S);
  return cumulative;
}

/** The index drawn by `r` (0 ≤ r < 1) from cumulative weights. */
function drawIndex(cumulative: Float64Array, r: number): number {
  const target = r * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The names of each pool, most prolific first, and its Zipf weights. */
type Roster = Record<Pool, { names: string[]; cumulative: Float64Array }>;

/** Everything the text generator needs: the vocabulary and one seeded random stream. */
class Writer {
  readonly random: () => number;
  readonly vocabulary: Vocabulary;

  constructor(seed: number) {
    this.random = makeRandom(seed);
    this.vocabulary = loadVocabulary();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.random() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1]![0];
  }

  /** One word, drawn with Zipf's law over the frequency ranking. */
  word(): string {
    const { cumulative, words } = this.vocabulary;
    return words[drawIndex(cumulative, this.random())]!;
  }

  words(min: number, max: number): string {
    let s = '';
    for (let n = this.int(min, max); n > 0; n--) s += this.word();
    return s;
  }

  /** A number as papers print them: 2021年, 15亿元, 98%, 1647人. */
  number(): string {
    const n = this.int(2, 9999);
    return this.pick([`${n}个`, `${n}人`, `${(n / 100).toFixed(2)}亿元`, `${n % 100}%`, `${this.int(1990, 2024)}年`, `${this.int(1, 12)}月${this.int(1, 28)}日`]);
  }

  /** A sentence of clauses, with the ASCII commas the archive's sources print (the site shows them full-width). */
  sentence(): string {
    const clauses: string[] = [];
    for (let n = this.int(1, 4); n > 0; n--) {
      let clause = this.words(3, 9);
      if (this.chance(0.15)) clause += this.number();
      if (this.chance(0.05)) clause = `“${clause}”`;
      clauses.push(clause);
    }
    return `${clauses.join(',')}。`;
  }

  paragraph(): string {
    let s = '';
    for (let n = this.int(2, 5); n > 0; n--) s += this.sentence();
    return s;
  }

  name(): string {
    return this.pick([...SURNAMES]) + this.pick([...GIVEN]) + (this.chance(0.6) ? this.pick([...GIVEN]) : '');
  }

  /** The archive's staff and agency rosters: distinct names, none in two pools. */
  roster(): Roster {
    const taken = new Set<string>();
    const pools = {} as Roster;
    for (const [pool, { size }] of Object.entries(ROSTER) as [Pool, (typeof ROSTER)[Pool]][]) {
      const names: string[] = [];
      while (names.length < size) {
        const name = this.name();
        if (taken.has(name)) continue;
        taken.add(name);
        names.push(name);
      }
      pools[pool] = { names, cumulative: zipfWeights(size) };
    }
    return pools;
  }

  /** A name from `pool` of `roster`, drawn with Zipf's law (the first names sign most), other than those in `not`. */
  signer(roster: Roster, pool: Pool, not: ReadonlySet<string> = new Set()): string {
    const { names, cumulative } = roster[pool];
    for (;;) {
      const name = names[drawIndex(cumulative, this.random())]!;
      if (!not.has(name)) return name;
    }
  }
}

/** The credits of one article: who signs, with the role printed (most of the time) and whether for photos. */
function credits(w: Writer, roster: Roster, source: (typeof SOURCES)[number], photo: boolean): { name: string; role: string | undefined; photo: boolean }[] {
  const pools: Pool[] = [];
  const count = w.int(1, 3);
  if (source === '新华社' || source === '人民日报') {
    // Agency copy is signed by the agency's own reporters.
    for (let i = 0; i < count; i++) pools.push(source === '新华社' ? 'xinhua' : 'peoplesDaily');
  } else {
    pools.push(photo ? 'photographers' : 'reporters');
    for (let i = 1; i < count; i++) pools.push(photo ? 'photographers' : w.weighted(COSIGNERS));
  }
  const signed = new Set<string>();
  return pools.map((pool) => {
    const name = w.signer(roster, pool, signed);
    signed.add(name);
    return { name, role: w.chance(0.7) ? ROSTER[pool].role : undefined, photo };
  });
}

/** `2019-01-01` plus `days` days, as YYYY-MM-DD. */
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** YAML double-quoted scalar: JSON's string escapes are valid YAML. */
const q = (s: string) => JSON.stringify(s);

/** An ASCII slug from the pinyin of a headline's first characters, as editors write them. */
function slugFor(text: string): string {
  return (
    pinyin(text.slice(0, 6), { toneType: 'none', type: 'array', v: true })
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'wu-ti'
  );
}

interface PlannedPage {
  id: string;
  number: number;
  name: string;
  articles: number;
}

/** How many articles each page of each edition holds: 4–8 pages of 3–8 articles, until `total` is reached. */
function planEditions(w: Writer, total: number): PlannedPage[][] {
  const editions: PlannedPage[][] = [];
  let left = total;
  while (left > 0) {
    const pages: PlannedPage[] = [];
    const names = [...PAGE_NAMES];
    for (let p = 1, n = w.int(4, 8); p <= n && left > 0; p++) {
      const count = Math.min(left, w.int(3, 8));
      left -= count;
      const name = names.splice(p === 1 ? 0 : w.int(0, names.length - 1), 1)[0]!;
      pages.push({ id: `a${String(p).padStart(2, '0')}`, number: p, name, articles: count });
    }
    editions.push(pages);
  }
  return editions;
}

/**
 * Makes `dir` ready for an archive generated with `options` (its `MARKER`'s content). Returns true
 * when it already holds one made with the same options: then the generator, being deterministic,
 * rewrites only the files whose text differs (an edit a benchmark made) rather than deleting and
 * writing 10,000 files. On these machines' file system, new files right after many deletions
 * cost several times more to create, which a cold build timed next would pay for (BENCHMARKS.md,
 * Build, "New files after deletions").
 */
function prepareGeneratedDir(dir: string, marker: string): boolean {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    const markerFile = path.join(dir, MARKER);
    if (!fs.existsSync(markerFile)) {
      throw new Error(`${dir} is not empty and was not written by this generator; refusing to delete it`);
    }
    if (fs.readFileSync(markerFile, 'utf8') === marker) return true;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  return false;
}

/** Writes a generated archive of `articles` articles and returns where and what it wrote. */
export function generateArchive(options: GenerateOptions): GeneratedArchive {
  const { articles: total, seed = 1, startDate = '2019-01-01', minYears = 3 } = options;
  if (!Number.isInteger(total) || total < 1) throw new Error(`articles must be a positive integer, got ${total}`);
  const root = path.resolve(options.outDir ?? path.join(os.tmpdir(), `zh-archive-bench-${total}-s${seed}`));
  const marker = `${JSON.stringify({ articles: total, seed, startDate, minYears })}\n`;
  const existing = prepareGeneratedDir(root, marker);
  /** Writes `text` to `file`, unless the archive there already holds it. */
  const write = (file: string, text: string): void => {
    if (existing && fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
    fs.writeFileSync(file, text);
  };
  for (const sub of ['editions', 'articles', 'people']) fs.mkdirSync(path.join(root, sub), { recursive: true });
  // First: a generation cut short is still known as the generator's, and completed next time.
  fs.writeFileSync(path.join(root, MARKER), marker);

  const w = new Writer(seed);
  const roster = w.roster();
  const plan = planEditions(w, total);
  // Editions are spread over at least `minYears` years; a large archive has one every day.
  const step = Math.max(1, Math.floor((minYears * 365) / plan.length));

  // People in the directory: about one per 50 articles, each told about in a few articles.
  const people: string[] = [];
  for (let i = 1, n = Math.max(1, Math.ceil(total / 50)); i <= n; i++) {
    const id = `person-${String(i).padStart(5, '0')}`;
    const individual = w.chance(0.8);
    const lines = [
      `name: ${q(individual ? w.name() : `${w.pick(CITIES)}${w.words(2, 3)}中心`)}`,
      `kind: ${individual ? 'individual' : 'collective'}`,
      `organisation: ${q(`${w.pick(CITIES)}${w.words(1, 2)}局`)}`,
      `region: ${w.pick(REGIONS)}`,
      `summary: ${q(w.sentence())}`,
    ];
    write(path.join(root, 'people', `${id}.yaml`), `${lines.join('\n')}\n`);
    people.push(id);
  }

  const articlePaths: string[] = [];
  let characters = 0;
  let pageCount = 0;
  plan.forEach((pages, e) => {
    const date = addDays(startDate, e * step);
    const editionLines = [
      `date: ${date}`,
      `issue: ${q(`第${e + 1}期`)}`,
      'pages:',
      ...pages.flatMap((p) => [`  - id: ${p.id}`, `    number: ${p.number}`, `    name: ${q(p.name)}`]),
      'notes:',
      '  - kind: source',
      `    text: ${q('本期为基准测试自动生成的虚构内容:文字按真实词频随机组合,人名、机构与数字均为虚构。')}`,
    ];
    write(path.join(root, 'editions', `${date}.yaml`), `${editionLines.join('\n')}\n`);
    fs.mkdirSync(path.join(root, 'articles', date), { recursive: true });
    pageCount += pages.length;

    const slugs = new Set<string>();
    for (const page of pages) {
      for (let order = 1; order <= page.articles; order++) {
        const kind = w.weighted(KINDS);
        const headline = kind === 'photo' && w.chance(0.4) ? undefined : w.words(2, 5);
        let slug = slugFor(headline ?? `图片${w.words(1, 2)}`);
        for (let n = 2; slugs.has(slug); n++) slug = `${slug.replace(/-\d+$/, '')}-${n}`;
        slugs.add(slug);

        const source = w.pick(SOURCES);
        const bylines = credits(w, roster, source, kind === 'photo');
        const photoPool: Pool = source === '新华社' ? 'xinhua' : source === '人民日报' ? 'peoplesDaily' : 'photographers';
        const photos = Array.from({ length: kind === 'photo' ? w.int(1, 3) : w.chance(0.2) ? 1 : 0 }, () => ({
          caption: `${w.int(1, 12)}月${w.int(1, 28)}日,${w.paragraph()}`,
          credit: `${ROSTER[photoPool].role} ${w.signer(roster, photoPool)} 摄`,
        }));

        const fm = [
          `edition: ${date}`,
          `page: ${page.id}`,
          `order: ${order}`,
          `kind: ${kind}`,
        ];
        if (w.chance(0.15)) fm.push(`kicker: ${q(w.words(3, 6))}`);
        if (headline) fm.push(`headline: ${q(headline)}`);
        if (w.chance(0.25)) fm.push(`subheadline: ${q(w.words(4, 8))}`);
        fm.push('bylines:');
        for (const b of bylines) {
          fm.push(`  - name: ${q(b.name)}`);
          if (b.role) fm.push(`    role: ${b.role}`);
          if (b.photo) fm.push('    photo: true');
        }
        fm.push(`source: ${source}`);
        if (source === '新华社') fm.push(`dateline: ${q(`新华社${w.pick(CITIES)}${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日电`)}`);
        if (photos.length) {
          fm.push('photos:');
          for (const p of photos) fm.push(`  - caption: ${q(p.caption)}`, `    credit: ${q(p.credit)}`);
        }
        if (w.chance(0.1)) fm.push('people:', `  - person: ${w.pick(people)}`, '    paragraph: p-1');
        const tags = new Set(Array.from({ length: w.int(1, 4) }, () => w.pick(w.vocabulary.nouns)));
        fm.push(`tags: [${[...tags].map(q).join(', ')}]`);
        if (w.chance(0.5)) fm.push(`summary: ${q(w.sentence())}`);

        // The body: paragraphs up to a drawn length, with section headings in longer pieces.
        const target = w.int(ARTICLE_CHARS.min, ARTICLE_CHARS.max);
        const headed = (kind === 'feature' || kind === 'profile' || kind === 'interview') && target > 1200;
        const body: string[] = [];
        let length = 0;
        for (let p = 0; length < target; p++) {
          if (headed && p > 0 && p % 3 === 0) body.push(`## ${w.words(3, 6)}`);
          const text = p === 0 && source === '本报讯' ? `本报讯(${bylines[0]!.name})${w.paragraph()}` : w.paragraph();
          body.push(text);
          length += text.length;
        }
        if (w.chance(0.01)) body.push('> 编者注:原版此处文字模糊不清,未能录入。');
        characters += length + (headline?.length ?? 0) + photos.reduce((s, p) => s + p.caption.length, 0);

        const file = path.join('articles', date, `${slug}.md`);
        write(path.join(root, file), `---\n${fm.join('\n')}\n---\n\n${body.join('\n\n')}\n`);
        articlePaths.push(file);
      }
    }
  });

  return { root, articles: total, editions: plan.length, pages: pageCount, people: people.length, characters, articlePaths };
}

// Command line: node scripts/bench/generate-archive.ts --articles N [--out DIR] [--seed S]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '1000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const started = performance.now();
  const result = generateArchive({ articles: Number(values.articles), outDir: values.out, seed: Number(values.seed) });
  const { articlePaths: _, ...summary } = result;
  console.log(JSON.stringify({ ...summary, seconds: +((performance.now() - started) / 1000).toFixed(2) }));
}
