/**
 * Synthetic reading lists for the benchmark, in the Daily Papers dump format.
 *
 * Deterministic (a seeded PRNG): the same size and seed give the same bytes.
 * Each synthetic paper starts from a real paper of the default list (its
 * "seed"): the title is a variant of the seed's title walked through a word
 * bigram chain of all titles, with a new system name; the abstract keeps most
 * of the seed's sentences and splices in sentences of papers that share its
 * vocabulary. Themes (rules over title and abstract) and content similarity
 * therefore behave as on real papers, while every title is unique.
 *
 * The papers are spread over several dumps with different capture dates; about
 * one in ten also appears in a second dump (same fields, fewer upvotes in the
 * older capture), as happens when the same paper is copied twice.
 */
import { slugify } from '../../src/lib/text/slug.ts';
import type { Organization, SeedPaper, Vocabulary } from './vocabulary.ts';

export interface GenerateOptions {
  /** Number of distinct papers. */
  papers: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Distinct papers per dump, about. Default 400. */
  papersPerDump?: number;
  /** Share of papers that also appear in a second dump. Default 0.1. */
  duplicateShare?: number;
}

/** One synthetic paper, as the dumps describe it (the truth the reports are checked against). */
export interface SyntheticPaper {
  id: string;
  title: string;
  abstract: string;
  /** YYYY-MM-DD */
  date: string;
  authors?: number;
  organization?: Organization;
  /** Upvotes at the latest capture. */
  upvotes: number;
  /** File names of the dumps it appears in. */
  dumps: string[];
}

export interface SyntheticDump {
  /** File name, e.g. 003_synthetic.txt */
  name: string;
  /** YYYY-MM-DD, the capture date (the dump itself only says "Mon D"). */
  captured: string;
  text: string;
  entries: number;
}

export interface SyntheticList {
  papers: SyntheticPaper[];
  dumps: SyntheticDump[];
  /** Entries over all dumps (papers plus duplicates). */
  entries: number;
}

// ---- PRNG -----------------------------------------------------------------

export type Random = () => number;

/** sfc32: small, fast, and good enough to make test data; seeded from one integer. */
export function createRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

// ---- dates ----------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(2023, 0, 2);
const FIRST_CAPTURE = Date.UTC(2025, 1, 3);
const LAST_CAPTURE = Date.UTC(2026, 0, 7);

function iso(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** "Apr 11, 2025", or "Apr 11" when the date is in the capture's year (as the site shows it). */
export function formatDumpDate(time: number, captureYear: number): string {
  const d = new Date(time);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return d.getUTCFullYear() === captureYear ? day : `${day}, ${d.getUTCFullYear()}`;
}

// ---- vocabulary models ------------------------------------------------------

const END = '\u0000';

interface Models {
  seeds: SeedPaper[];
  /** Word bigram chain over title subtitles: word -> next words (END closes a title). */
  chain: Map<string, string[]>;
  nameHeads: string[];
  nameTails: string[];
  /** For each seed, the seeds that share the most informative words with it. */
  neighbours: number[][];
  organizations: Organization[];
}

function contentWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? []);
}

function buildModels(vocabulary: Vocabulary): Models {
  const seeds = vocabulary.papers;
  const chain = new Map<string, string[]>();
  const add = (from: string, to: string): void => {
    const list = chain.get(from);
    if (list) list.push(to);
    else chain.set(from, [to]);
  };
  for (const seed of seeds) {
    const words = seed.subtitle.split(/\s+/).filter(Boolean);
    words.forEach((word, i) => add(word, words[i + 1] ?? END));
  }

  // System names are recombined from their capitalised parts: "Sea|View" + "Byte|Scale" -> "SeaScale".
  const nameHeads: string[] = [];
  const nameTails: string[] = [];
  for (const seed of seeds) {
    if (!seed.name || /\s/.test(seed.name)) continue;
    const parts = seed.name.match(/[A-Z]+[a-z0-9]*|[a-z0-9]+/g) ?? [];
    if (parts.length >= 2) {
      nameHeads.push(parts.slice(0, Math.ceil(parts.length / 2)).join(''));
      nameTails.push(parts.slice(Math.ceil(parts.length / 2)).join(''));
    }
  }
  if (nameHeads.length === 0) nameHeads.push('Syn');
  if (nameTails.length === 0) nameTails.push('Net');

  // Neighbours by shared words weighted by rarity (inverse document frequency).
  const words = seeds.map((s) => contentWords(`${s.title} ${s.abstract}`));
  const df = new Map<string, number>();
  for (const set of words) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const neighbours = words.map((mine, i) => {
    const scores: { j: number; score: number }[] = [];
    words.forEach((theirs, j) => {
      if (j === i) return;
      let score = 0;
      for (const w of mine) if (theirs.has(w)) score += Math.log(seeds.length / (df.get(w) ?? 1));
      scores.push({ j, score });
    });
    return scores
      .sort((a, b) => b.score - a.score || a.j - b.j)
      .slice(0, 6)
      .map((s) => s.j);
  });
  return { seeds, chain, nameHeads, nameTails, neighbours, organizations: vocabulary.organizations };
}

function makeSubtitle(random: Random, models: Models, seed: SeedPaper): string {
  const seedWords = seed.subtitle.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let word = seedWords[0] ?? pick(random, [...models.chain.keys()]);
  let seedPos = 0;
  while (out.length < 16) {
    out.push(word);
    const nextInSeed = seedWords[seedPos + 1];
    // Mostly follow the seed (keeps the topic), sometimes branch through the chain (makes it new).
    if (nextInSeed !== undefined && random() < 0.7) {
      word = nextInSeed;
      seedPos++;
      continue;
    }
    const next = pick(random, models.chain.get(word) ?? [END]);
    if (next === END) {
      if (out.length >= 4) break;
      word = pick(random, seedWords.length ? seedWords : [...models.chain.keys()]);
      seedPos = Math.max(0, seedWords.indexOf(word));
      continue;
    }
    word = next;
    const inSeed = seedWords.indexOf(word);
    if (inSeed >= 0) seedPos = inSeed;
  }
  return out.join(' ');
}

function makeAbstract(random: Random, models: Models, seedIndex: number, name: string | undefined): string {
  const seed = models.seeds[seedIndex] as SeedPaper;
  const neighbours = models.neighbours[seedIndex] ?? [];
  const sentences = seed.sentences.map((sentence, i) => {
    if (random() < 0.6 || neighbours.length === 0) return sentence;
    const other = models.seeds[pick(random, neighbours)] as SeedPaper;
    const at = Math.min(other.sentences.length - 1, Math.round((i / seed.sentences.length) * other.sentences.length));
    return other.sentences[Math.max(0, at)] ?? sentence;
  });
  let text = sentences.join(' ');
  // The abstract names the paper's own system, not the seed's.
  if (seed.name && name && !/\s/.test(seed.name)) text = text.split(seed.name).join(name);
  return text;
}

// ---- the list -----------------------------------------------------------------

const HEADER = [
  'new',
  'Get trending papers in your email inbox!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
];

export function generateList(vocabulary: Vocabulary, options: GenerateOptions): SyntheticList {
  const random = createRandom(options.seed ?? 1);
  const models = buildModels(vocabulary);
  const dumpCount = Math.max(3, Math.ceil(options.papers / (options.papersPerDump ?? 400)));
  const duplicateShare = options.duplicateShare ?? 0.1;

  const captures = Array.from(
    { length: dumpCount },
    (_, k) => Math.round((FIRST_CAPTURE + ((LAST_CAPTURE - FIRST_CAPTURE) * k) / (dumpCount - 1)) / DAY_MS) * DAY_MS,
  );
  const dumpNames = captures.map((_, k) => `${String(k).padStart(3, '0')}_synthetic.txt`);

  const seen = new Set<string>();
  const papers: SyntheticPaper[] = [];
  const dumpIndexes: number[][] = [];
  for (let i = 0; i < options.papers; i++) {
    const seedIndex = Math.floor(random() * models.seeds.length);
    const seed = models.seeds[seedIndex] as SeedPaper;
    let title = '';
    let name: string | undefined;
    for (let attempt = 0; ; attempt++) {
      const subtitle = makeSubtitle(random, models, seed);
      const named = seed.name !== undefined || random() < 0.3 || attempt >= 3;
      name = named ? `${pick(random, models.nameHeads)}${pick(random, models.nameTails)}` : undefined;
      // Past a few tries, a version number makes the name (and so the title) unique.
      if (name && attempt >= 6) name = `${name}-${attempt - 4}`;
      title = name ? `${name}: ${subtitle}` : subtitle;
      const id = slugify(title);
      if (id && !seen.has(id)) {
        seen.add(id);
        break;
      }
    }

    const first = Math.floor(random() * dumpCount);
    const indexes = [first];
    if (dumpCount > 1 && random() < duplicateShare) {
      const second = (first + 1 + Math.floor(random() * (dumpCount - 1))) % dumpCount;
      indexes.push(second);
    }
    indexes.sort((a, b) => a - b);
    // Published before the earliest capture that shows it.
    const latest = captures[indexes[0] as number] as number;
    const date = EARLIEST + Math.floor(random() * ((latest - EARLIEST) / DAY_MS + 1)) * DAY_MS;

    const org = random() < 0.12 && models.organizations.length ? pick(random, models.organizations) : undefined;
    const authors = org ? undefined : 1 + Math.floor(random() * random() * 20) + (random() < 0.05 ? 10 : 0);
    const upvotes = random() < 0.45 ? 1 + Math.floor(random() ** 3 * 40) : 0;

    papers.push({
      id: slugify(title),
      title,
      abstract: makeAbstract(random, models, seedIndex, name),
      date: iso(date),
      ...(authors !== undefined ? { authors } : {}),
      ...(org ? { organization: org } : {}),
      upvotes,
      dumps: indexes.map((k) => dumpNames[k] as string),
    });
    dumpIndexes.push(indexes);
  }

  const perDump: number[][] = captures.map(() => []);
  dumpIndexes.forEach((indexes, p) => indexes.forEach((k) => perDump[k]?.push(p)));
  let entries = 0;
  const dumps = perDump.map((members, k): SyntheticDump => {
    const captured = captures[k] as number;
    const captureYear = new Date(captured).getUTCFullYear();
    const lines: string[] = [];
    for (const h of HEADER) lines.push(h, '');
    lines.push(formatDumpDate(captured, captureYear), '');
    for (const p of shuffle(random, [...members])) {
      const paper = papers[p] as SyntheticPaper;
      const isLatest = paper.dumps[paper.dumps.length - 1] === dumpNames[k];
      // Upvotes only grow: an older capture shows fewer.
      const upvotes = isLatest ? paper.upvotes : Math.max(0, paper.upvotes - 1 - Math.floor(random() * 3));
      const byline = paper.organization
        ? `${paper.organization.slug} ${paper.organization.name}`
        : `  • ${paper.authors} authors`;
      const date = formatDumpDate(Date.parse(paper.date), captureYear);
      lines.push(paper.title, '', paper.abstract, '', byline, '·', upvotes > 0 ? `${date} ${upvotes}` : date, '');
    }
    entries += members.length;
    return { name: dumpNames[k] as string, captured: iso(captured), text: lines.join('\n'), entries: members.length };
  });

  return { papers, dumps, entries };
}
