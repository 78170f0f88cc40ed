/**
 * Suggests a taxonomy for a reading list that has none: TF-IDF vectors of the
 * papers, deterministic bisecting spherical k-means (k chosen by silhouette
 * within a range that respects the theme-size limits), and for each cluster a
 * draft theme whose rules are the cluster's most distinctive terms. Pure: the
 * CLI (scripts/suggest-themes.ts) reads the papers and writes the YAML.
 *
 * Deterministic: papers are sorted by id, seeds come from a fixed-seed PRNG,
 * every tie is broken by index.
 */
import { splitWords, wordToken } from '../text/words.ts';
import { slugify } from '../text/slug.ts';
import type { Taxonomy } from '../../schemas/themes.ts';
import { TaxonomySchema } from '../../schemas/themes.ts';
import { assignThemes } from './assign.ts';
import { mulberry32 } from './random.ts';

export interface SuggestInput {
  id: string;
  title: string;
  abstract?: string;
}

export interface SuggestOptions {
  /** Number of themes; default: chosen by silhouette between minK and maxK. */
  k?: number;
  /** Smallest k tried. Default: 15 (fewer for a list too short for 15 themes of minSize). */
  minK?: number;
  /** Largest k tried. Default: min(24, papers / minSize). */
  maxK?: number;
  /** Largest share of the list a theme should hold (the largest cluster is split until none holds more). Default: 0.12. */
  maxShare?: number;
  /** Fewest papers a theme should hold; smaller clusters are merged into their nearest. Default: 4. */
  minSize?: number;
  /** Terms per drafted theme. Default: 16. */
  termsPerTheme?: number;
  /** Seed of the pseudo-random generator (projections, k-means++ starts). Default: 1. */
  seed?: number;
  /** Dimensions of the latent semantic space papers are clustered in. Default: 50 (at most a quarter of the papers). */
  rank?: number;
}

export interface SuggestedTheme {
  id: string;
  title: string;
  description: string;
  /** Distinctive terms, most distinctive first, as written in the rules. */
  terms: string[];
  /** Paper ids of the cluster. */
  cluster: string[];
}

export interface SuggestQuality {
  papers: number;
  k: number;
  /** Mean silhouette (cosine distance) of the chosen clustering, in [-1, 1]. */
  silhouette: number;
  /** Silhouette of every k tried. */
  tried: Array<{ k: number; silhouette: number }>;
  /** Share of papers whose primary theme under the drafted rules is their own cluster. */
  rulesAgreeWithClusters: number;
  /** Papers the drafted rules leave to the fallback theme. */
  fallback: number;
  /** Largest share of the list held by one drafted theme (primary, by the rules). */
  maxShare: number;
}

export interface Suggestion {
  taxonomy: Taxonomy;
  themes: SuggestedTheme[];
  /** Primary theme of each paper under the drafted rules, by paper id. */
  assignments: Map<string, string>;
  quality: SuggestQuality;
}

// ---- vectors -------------------------------------------------------------------

interface Doc {
  terms: Int32Array;
  weights: Float64Array;
}

interface Vocabulary {
  terms: string[];
  /** Per term: the most frequent surface form (original case) seen, for titles. */
  display: string[];
  /** Per term: the raw lower-case forms seen, most frequent first (for rules). */
  forms: string[][];
  /** Per term: in how many documents it occurs. */
  df: Int32Array;
  /** Per document: the terms of its title (for labels: titles name what a paper is about). */
  titleTerms: Array<Set<number>>;
}

/** Words of a text in original case with their tokens (see src/lib/text/words.ts). */
function words(text: string): Array<{ raw: string; token: string }> {
  return splitWords(text).map((raw) => ({ raw, token: wordToken(raw.toLowerCase()) }));
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** TF-IDF vectors of unigrams and bigrams kept by document frequency, with their vocabulary. */
function vectorizeWithVocabulary(
  papers: readonly SuggestInput[],
  maxDocShare: number,
): { docs: Doc[]; vocabulary: Vocabulary } {
  const counts: Array<Map<string, number>> = [];
  const titleWords: Array<Set<string>> = [];
  const df = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  for (const paper of papers) {
    const c = new Map<string, number>();
    const inTitle = new Set<string>();
    titleWords.push(inTitle);
    for (const [text, weight] of [
      [paper.title, 2],
      [paper.abstract ?? '', 1],
    ] as const) {
      const w = words(text);
      for (let i = 0; i < w.length; i++) {
        const { raw, token } = w[i]!;
        if (!token) continue;
        bump(c, token, weight);
        if (text === paper.title) inTitle.add(token);
        let forms = surface.get(token);
        if (!forms) surface.set(token, (forms = new Map()));
        bump(forms, raw);
        const next = w[i + 1];
        if (next?.token) {
          const bigram = `${token} ${next.token}`;
          bump(c, bigram, weight);
          if (text === paper.title) inTitle.add(bigram);
          let bforms = surface.get(bigram);
          if (!bforms) surface.set(bigram, (bforms = new Map()));
          bump(bforms, `${raw} ${next.raw}`);
        }
      }
    }
    for (const term of c.keys()) bump(df, term);
    counts.push(c);
  }
  const n = papers.length;
  const maxDf = Math.max(2, Math.floor(n * maxDocShare));
  const kept = [...df.entries()]
    .filter(([, d]) => d >= 2 && d <= maxDf)
    .map(([t]) => t)
    .sort();
  const index = new Map(kept.map((t, i) => [t, i]));
  const byCount = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocabulary: Vocabulary = {
    terms: kept,
    display: kept.map((t) => byCount(surface.get(t)!)[0]![0]),
    forms: kept.map((t) => {
      const lower = new Map<string, number>();
      for (const [form, count] of surface.get(t)!) bump(lower, form.toLowerCase(), count);
      const sorted = byCount(lower);
      // Keep the forms that are common enough to matter (e.g. "cache" and "caches").
      return sorted.filter(([, count]) => count >= sorted[0]![1] * 0.2).map(([form]) => form);
    }),
    df: Int32Array.from(kept, (t) => df.get(t)!),
    titleTerms: titleWords.map((set) => new Set([...set].flatMap((t) => (index.has(t) ? [index.get(t)!] : [])))),
  };
  const docs = counts.map((c) => {
    const entries: Array<[number, number]> = [];
    for (const [term, tf] of c) {
      const t = index.get(term);
      if (t === undefined) continue;
      entries.push([t, (1 + Math.log(tf)) * Math.log((1 + n) / (1 + df.get(term)!))]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let sum = 0;
    for (const [, w] of entries) sum += w * w;
    const norm = Math.sqrt(sum) || 1;
    return { terms: Int32Array.from(entries, ([t]) => t), weights: Float64Array.from(entries, ([, w]) => w / norm) };
  });
  return { docs, vocabulary };
}

// ---- latent semantic space -------------------------------------------------------

type Dense = Float64Array;

function normalize(v: Dense): Dense {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

function dot(a: Dense, b: Dense): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Orthonormalizes the columns of an n x l matrix stored as l column vectors (modified Gram-Schmidt). */
function orthonormalize(columns: Dense[]): void {
  columns.forEach((column, j) => {
    for (let i = 0; i < j; i++) {
      const d = dot(columns[i]!, column);
      for (let x = 0; x < column.length; x++) column[x]! -= d * columns[i]![x]!;
    }
    normalize(column);
  });
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi): eigenvalues and eigenvectors as columns. */
function symmetricEigen(matrix: Dense[]): { values: number[]; vectors: Dense[] } {
  const n = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const v = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]! || x - y);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => Float64Array.from(v, (row) => row[i]!)) };
}

/**
 * Latent semantic analysis: documents projected on the top `rank` singular
 * directions of the TF-IDF matrix (randomized range finder with two power
 * iterations, then an exact small eigenproblem), as unit vectors. Costs
 * O(nonzeros x rank) per pass, never a documents x documents matrix.
 */
function latentSpace(docs: readonly Doc[], size: number, rank: number, seed: number): Dense[] {
  const n = docs.length;
  const l = Math.min(n, rank + 10);
  const random = mulberry32(seed ^ 0x5eed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const omega = Array.from({ length: l }, () => Float64Array.from({ length: size }, gaussian));
  // Y = A * omega, columns of length n.
  const times = (columns: Dense[]) =>
    columns.map((column) =>
      Float64Array.from(docs, (doc) => {
        let sum = 0;
        for (let i = 0; i < doc.terms.length; i++) sum += doc.weights[i]! * column[doc.terms[i]!]!;
        return sum;
      }),
    );
  // Z = A^T * Y, columns of length size.
  const transposeTimes = (columns: Dense[]) =>
    columns.map((column) => {
      const z = new Float64Array(size);
      docs.forEach((doc, d) => {
        const y = column[d]!;
        if (y !== 0) for (let i = 0; i < doc.terms.length; i++) z[doc.terms[i]!]! += doc.weights[i]! * y;
      });
      return z;
    });
  let y = times(omega);
  orthonormalize(y);
  for (let power = 0; power < 2; power++) {
    const z = transposeTimes(y);
    orthonormalize(z);
    y = times(z);
    orthonormalize(y);
  }
  // B = Q^T A (l x size); C = B B^T (l x l) = Q^T A A^T Q.
  const b = transposeTimes(y);
  const c = b.map((bi) => Float64Array.from(b, (bj) => dot(bi, bj)));
  const { values, vectors } = symmetricEigen(c);
  const r = Math.min(rank, l);
  return docs.map((_, d) => {
    const point = new Float64Array(r);
    for (let j = 0; j < r; j++) {
      // Left singular vector j at document d, scaled by its singular value.
      let u = 0;
      for (let x = 0; x < l; x++) u += y[x]![d]! * vectors[j]![x]!;
      point[j] = u * Math.sqrt(Math.max(0, values[j]!));
    }
    return normalize(point);
  });
}

// ---- clustering -----------------------------------------------------------------

function centroidOf(points: readonly Dense[], members: readonly number[]): Dense {
  const c = new Float64Array(points[0]!.length);
  for (const m of members) {
    const p = points[m]!;
    for (let i = 0; i < c.length; i++) c[i]! += p[i]!;
  }
  return normalize(c);
}

function nearest(point: Dense, centroids: readonly Dense[]): number {
  let top = 0;
  let topScore = -Infinity;
  centroids.forEach((c, j) => {
    const s = dot(point, c);
    if (s > topScore) [top, topScore] = [j, s];
  });
  return top;
}

/** Spherical k-means of `members` into k groups from k-means++ starts; groups and total cosine to centroids. */
function sphericalKMeans(
  points: readonly Dense[],
  members: readonly number[],
  k: number,
  random: () => number,
): { groups: number[][]; cohesion: number } {
  const seeds = [members[Math.floor(random() * members.length)]!];
  const best = new Float64Array(members.length).fill(-Infinity);
  while (seeds.length < k) {
    const last = points[seeds[seeds.length - 1]!]!;
    let total = 0;
    const weights = members.map((m, i) => {
      best[i] = Math.max(best[i]!, dot(points[m]!, last));
      const d = Math.max(0, 1 - best[i]!) ** 2;
      total += d;
      return d;
    });
    let target = random() * total;
    let pick = total > 0 ? members.findIndex((_, i) => (target -= weights[i]!) <= 0) : -1;
    if (pick < 0) pick = members.findIndex((m) => !seeds.includes(m));
    seeds.push(members[pick]!);
  }
  let centroids: Dense[] = seeds.map((s) => Float64Array.from(points[s]!));
  let labels = new Int32Array(members.length).fill(-1);
  for (let iteration = 0; iteration < 100; iteration++) {
    const next = Int32Array.from(members, (m) => nearest(points[m]!, centroids));
    const changed = next.some((value, i) => value !== labels[i]);
    labels = next;
    const groups = centroids.map((_, j) => members.filter((_, i) => labels[i] === j));
    centroids = groups.map((group, j) => (group.length > 0 ? centroidOf(points, group) : centroids[j]!));
    if (!changed) break;
  }
  const groups = centroids.map((_, j) => members.filter((_, i) => labels[i] === j));
  let cohesion = 0;
  groups.forEach((group, j) => group.forEach((m) => (cohesion += dot(points[m]!, centroids[j]!))));
  return { groups: groups.filter((g) => g.length > 0), cohesion };
}

/**
 * Bisecting spherical k-means: split the largest group in two (best of a few
 * seeded tries) until there are k groups, then refine all groups together.
 */
function bisectingKMeans(points: readonly Dense[], k: number, seed: number): number[][] {
  const random = mulberry32(seed);
  let groups: number[][] = [points.map((_, i) => i)];
  while (groups.length < k) {
    let largest = 0;
    groups.forEach((g, i) => {
      if (g.length > groups[largest]!.length) largest = i;
    });
    const target = groups[largest]!;
    if (target.length < 2) break;
    let bestSplit: number[][] | undefined;
    let bestCohesion = -Infinity;
    for (let trial = 0; trial < 5; trial++) {
      const { groups: split, cohesion } = sphericalKMeans(points, target, 2, random);
      if (split.length === 2 && cohesion > bestCohesion) [bestSplit, bestCohesion] = [split, cohesion];
    }
    if (!bestSplit) break;
    groups = [...groups.slice(0, largest), ...bestSplit, ...groups.slice(largest + 1)];
  }
  for (let pass = 0; pass < 20; pass++) {
    const centroids = groups.map((g) => centroidOf(points, g));
    const next: number[][] = centroids.map(() => []);
    points.forEach((point, i) => next[nearest(point, centroids)]!.push(i));
    const stable = next.every((g, j) => g.length === groups[j]!.length && g.every((m, x) => m === groups[j]![x]));
    groups = next.filter((g) => g.length > 0);
    if (stable) break;
  }
  return groups;
}

/** Merges groups smaller than `minSize` into the group whose centroid is nearest, smallest first. */
function mergeSmall(points: readonly Dense[], groups: number[][], minSize: number): number[][] {
  let result = groups.map((g) => [...g]);
  for (;;) {
    const small = result
      .map((g, i) => [g.length, i] as const)
      .filter(([length]) => length < minSize)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])[0];
    if (!small || result.length <= 1) return result;
    const [, index] = small;
    const group = result[index]!;
    const rest = result.filter((_, i) => i !== index);
    const centroids = rest.map((g) => centroidOf(points, g));
    for (const m of group) rest[nearest(points[m]!, centroids)]!.push(m);
    result = rest.map((g) => g.sort((a, b) => a - b));
  }
}

/** Mean silhouette with cosine distance; on at most `sample` points (evenly spaced) for large lists. */
export function silhouette(points: readonly Dense[], groups: readonly number[][], sample = 2000): number {
  if (groups.length < 2) return 0;
  const label = new Int32Array(points.length);
  groups.forEach((g, j) => g.forEach((m) => (label[m] = j)));
  const step = Math.max(1, Math.ceil(points.length / sample));
  let total = 0;
  let counted = 0;
  for (let i = 0; i < points.length; i += step) {
    const sums = new Float64Array(groups.length);
    for (let j = 0; j < points.length; j++) if (j !== i) sums[label[j]!]! += 1 - dot(points[i]!, points[j]!);
    const own = label[i]!;
    const ownSize = groups[own]!.length - 1;
    counted++;
    if (ownSize === 0) continue; // a singleton's silhouette is 0
    const a = sums[own]! / ownSize;
    let b = Infinity;
    groups.forEach((g, j) => {
      if (j !== own && g.length > 0) b = Math.min(b, sums[j]! / g.length);
    });
    total += (b - a) / Math.max(a, b);
  }
  return total / counted;
}

// ---- drafting themes ----------------------------------------------------------------

/**
 * Words that say nothing about a topic in any field of research: a rule made
 * of them matches everything, and a title made of them names nothing. A term
 * made only of these (and any term in more than GENERIC_SHARE of the list) is
 * never a rule nor a title.
 */
const GENERIC = new Set(
  (
    'ability abilities able accuracy achieve achieved achieves achieving across address addresses advance advanced advances ' +
    'ai aim algorithm algorithms allow allows analysis analyze approach approaches architecture art available ' +
    'baseline baselines based benchmark benchmarks best better build building built capability capabilities ' +
    'capable case challenge challenges challenging code codes common complex comprehensive computational consider ' +
    'consistent consistently core critical current data dataset datasets demo demonstrate demonstrates design ' +
    'designed develop developed different diverse effective effectively efficient efficiency end enable enables ' +
    'enhance enhanced enhancing evaluate evaluated evaluation evaluations existing experiment experiments extensive ' +
    'facilitate feature features field findings framework frameworks future general generalization github given ' +
    'high however human improve improved improvement improvements improves improving include including increase ' +
    'information input inputs insight insights introduce introduces key knowledge large layer layers learning ' +
    'level limited limitation limitations llm llms lm lms low making method methods metric metrics model modeling ' +
    'models module modules multiple network networks new novel open outperform outperforms paper parameter ' +
    'parameters performance pipeline potential powerful practical pre present previous prior problem problems ' +
    'propose proposed provide provides quality range real recent remain remains remarkable research result results robust ' +
    'scale scaling set setting settings show shows significant significantly simple single small specific ' +
    'specifically sota stage standard state strategies strategy strong structure study studies substantial ' +
    'superior system systems task tasks technique techniques tool trained training tuning typically understanding ' +
    'unified use used uses using various via well wide work works world'
  ).split(' '),
);
/** GENERIC as tokens (stems), for terms, which are made of tokens. */
const GENERIC_TOKENS = new Set([...GENERIC].map(wordToken).filter(Boolean));

/** Largest share of a drafted list the catch-all may hold before the drafted rules accept weaker matches. */
const MAX_FALLBACK_SHARE = 0.03;

/** A term in more than this share of the papers is too common to mark a theme. */
const GENERIC_SHARE = 0.25;

function isGeneric(term: string, df: number, n: number): boolean {
  const words = term.split(' ');
  // "comprehensive multimodal", "evaluation suite": a phrase opened by a generic word names nothing.
  return (
    df > n * GENERIC_SHARE ||
    words.every((word) => GENERIC_TOKENS.has(word) || word.length < 2) ||
    (words.length > 1 && GENERIC_TOKENS.has(words[0]!))
  );
}

/** Terms most typical of a group against the rest: frequent inside, rare outside (smoothed log odds). */
function distinctiveTerms(
  docs: readonly Doc[],
  group: readonly number[],
  vocabulary: Vocabulary,
  count: number,
): number[] {
  const inside = new Map<number, number>();
  for (const m of group) for (const t of docs[m]!.terms) bump(inside, t);
  const n = docs.length;
  const scored: Array<[number, number]> = [];
  for (const [t, dIn] of inside) {
    // A term of one or two papers of a large group says little about the group.
    if (dIn < Math.max(2, Math.ceil(group.length * 0.1))) continue;
    if (isGeneric(vocabulary.terms[t]!, vocabulary.df[t]!, n)) continue;
    const dOut = vocabulary.df[t]! - dIn;
    const pIn = dIn / group.length;
    const pOut = (dOut + 0.5) / (n - group.length + 1);
    // Distinctive: at least three times as frequent inside as outside.
    if (pIn < 3 * pOut) continue;
    // Bigrams read better as rules and are less ambiguous: a small boost.
    const bigram = vocabulary.terms[t]!.includes(' ') ? 1.15 : 1;
    scored.push([t, bigram * pIn * Math.log(pIn / pOut)]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const chosen: number[] = [];
  for (const [t] of scored) {
    if (chosen.length >= count) break;
    const term = vocabulary.terms[t]!;
    // A unigram inside an already chosen bigram adds little; so does a bigram of two chosen unigrams.
    const redundant = chosen.some((c) => {
      const other = vocabulary.terms[c]!;
      return (
        other.split(' ').includes(term) ||
        (term.includes(' ') && term.split(' ').every((part) => chosen.some((x) => vocabulary.terms[x] === part)))
      );
    });
    if (!redundant) chosen.push(t);
  }
  return chosen;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = slugify(base) || 'theme';
  if (id === 'other') id = 'other-theme';
  for (let n = 2; taken.has(id); n++) id = `${slugify(base) || 'theme'}-${n}`;
  taken.add(id);
  return id;
}

/** Suggests a taxonomy for `input` papers. Throws when there are too few papers to cluster. */
export function suggestTaxonomy(input: readonly SuggestInput[], options: SuggestOptions = {}): Suggestion {
  const maxShare = options.maxShare ?? 0.12;
  const minSize = options.minSize ?? 4;
  const termsPerTheme = options.termsPerTheme ?? 16;
  const seed = options.seed ?? 1;
  const papers = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = papers.length;
  if (n < 2 * minSize) {
    throw new Error(`only ${n} papers: suggesting themes needs at least ${2 * minSize} (two themes of ${minSize})`);
  }
  const { docs, vocabulary } = vectorizeWithVocabulary(papers, 0.5);
  const points = latentSpace(
    docs,
    vocabulary.terms.length,
    Math.min(options.rank ?? 50, Math.max(2, Math.floor(n / 4))),
    seed,
  );
  // Enough themes to browse, few enough to read through: 15 to 24 when the list is large enough.
  const minK = options.k ?? options.minK ?? Math.max(2, Math.min(15, Math.floor(n / minSize)));
  const maxK = options.k ?? options.maxK ?? Math.max(minK, Math.min(24, Math.floor(n / minSize)));

  const tried: Array<{ k: number; silhouette: number; groups: number[][] }> = [];
  for (let k = minK; k <= maxK; k++) {
    const groups = mergeSmall(points, bisectingKMeans(points, k, seed), minSize);
    tried.push({ k, silhouette: silhouette(points, groups), groups });
  }
  // Best silhouette; ties to the smaller k (fewer themes are easier to edit).
  const chosen = tried.reduce((a, b) => (b.silhouette > a.silhouette + 1e-12 ? b : a));
  const groups = [...chosen.groups].sort((a, b) => b.length - a.length || a[0]! - b[0]!);

  const random = mulberry32(seed ^ 0x5b17);
  let drafted = draftAll(groups, papers, docs, points, vocabulary, termsPerTheme);
  // No theme may act as a second catch-all: in a list large enough for 15 themes or more, split the
  // cluster behind the largest while it holds too much (a k asked for is kept as it is).
  for (let round = 0; options.k === undefined && drafted.themes.length >= 15 && round < 20; round++) {
    const [largestId, largest] = [...drafted.counts.entries()]
      .filter(([id]) => id !== 'other')
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
    if (largest <= maxShare * n) break;
    const index = drafted.themes.findIndex((t) => t.id === largestId);
    const group = drafted.groups[index]!;
    if (group.length < 2 * minSize) break;
    let best: number[][] | undefined;
    let bestCohesion = -Infinity;
    for (let trial = 0; trial < 5; trial++) {
      const { groups: split, cohesion } = sphericalKMeans(points, group, 2, random);
      if (split.length === 2 && split.every((g) => g.length >= minSize) && cohesion > bestCohesion)
        [best, bestCohesion] = [split, cohesion];
    }
    if (!best) break;
    const next = [...drafted.groups.slice(0, index), ...best, ...drafted.groups.slice(index + 1)].sort(
      (a, b) => b.length - a.length || a[0]! - b[0]!,
    );
    drafted = draftAll(next, papers, docs, points, vocabulary, termsPerTheme);
  }
  // The catch-all stays near-empty: when too many papers match no theme closely enough, a weaker match will do.
  for (const minScore of [1.5, 1]) {
    if ((drafted.counts.get('other') ?? 0) <= MAX_FALLBACK_SHARE * n) break;
    drafted = draftAll(drafted.groups, papers, docs, points, vocabulary, termsPerTheme, minScore);
  }
  const { taxonomy, themes, assignments, counts } = drafted;

  const clusterOf = new Map<string, string>();
  themes.forEach((theme) => theme.cluster.forEach((id) => clusterOf.set(id, theme.id)));
  const agree = papers.filter((p) => assignments.get(p.id) === clusterOf.get(p.id)).length;
  return {
    taxonomy,
    themes,
    assignments,
    quality: {
      papers: n,
      k: themes.length,
      silhouette: chosen.silhouette,
      tried: tried.map(({ k, silhouette: s }) => ({ k, silhouette: s })),
      rulesAgreeWithClusters: agree / n,
      fallback: counts.get('other') ?? 0,
      maxShare: Math.max(0, ...[...counts.entries()].filter(([id]) => id !== 'other').map(([, c]) => c)) / n,
    },
  };
}

/** Text as a title shows it: acronyms and names with inner capitals or digits (GUI, 3D, LLMs) kept, other words in lower case. */
function titleWords(text: string): string {
  return text
    .split(' ')
    .map((word) =>
      /^.+\p{Lu}/u.test(word) || (/\p{N}/u.test(word) && /\p{Lu}/u.test(word)) ? word : word.toLowerCase(),
    )
    .join(' ');
}

/** A lone word that qualifies rather than names (robotic, clinical, agentic): no title part on its own. */
const ADJECTIVE = /(?:ic|al|ive|ous|ful|able|ible|ent|ant|ed|ing)$/;

/**
 * A phrase as the group's titles write it, grown by the word that nearly
 * always comes before it ("language action" → "vision language action").
 */
function grownPhrase(
  t: number,
  group: readonly number[],
  papers: readonly SuggestInput[],
  vocabulary: Vocabulary,
): string {
  const display = vocabulary.display[t]!;
  const words = display.toLowerCase().split(' ');
  const before = new Map<string, { count: number; raw: string }>();
  let seen = 0;
  for (const m of group) {
    const tokens = splitWords(papers[m]!.title);
    for (let i = 1; i + words.length <= tokens.length; i++) {
      if (!words.every((w, j) => tokens[i + j]!.toLowerCase() === w)) continue;
      seen++;
      const raw = tokens[i - 1]!;
      const key = raw.toLowerCase();
      const entry = before.get(key) ?? { count: 0, raw };
      entry.count++;
      before.set(key, entry);
    }
  }
  const [best] = [...before.values()].sort((a, b) => b.count - a.count || (a.raw < b.raw ? -1 : 1));
  const word = best?.raw.toLowerCase() ?? '';
  const grown =
    !best || seen < 2 || best.count < seen * 0.6 || GENERIC.has(word) || wordToken(word) === ''
      ? display
      : `${best.raw} ${display}`;
  return `${grown}${joinedAfter(words, group, papers)}`;
}

/** " of thought" (or " answering") when the group's titles nearly always follow the phrase with the same words. */
function joinedAfter(words: readonly string[], group: readonly number[], papers: readonly SuggestInput[]): string {
  const after = new Map<string, number>();
  let seen = 0;
  for (const m of group) {
    const tokens = splitWords(papers[m]!.title);
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (!words.every((w, j) => tokens[i + j]!.toLowerCase() === w)) continue;
      seen++;
      const link = tokens[i + words.length]?.toLowerCase();
      const next = tokens[i + words.length + 1];
      if (link && next && ['of', 'for', 'to', 'in'].includes(link) && wordToken(next.toLowerCase()))
        after.set(`${link} ${next}`, (after.get(`${link} ${next}`) ?? 0) + 1);
      // Or the word that completes the phrase ("medical question" → "answering").
      else if (link && wordToken(link) && !GENERIC.has(link) && !words.includes(link))
        after.set(tokens[i + words.length]!, (after.get(tokens[i + words.length]!) ?? 0) + 1);
    }
  }
  const [best] = [...after].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return best && seen >= 2 && best[1] >= seen * 0.6 ? ` ${best[0]}` : '';
}

/** "Gaussian splatting and rendering": the cluster's leading phrase, and a second one when its papers share it. */
function themeTitle(
  top: readonly number[],
  group: readonly number[],
  papers: readonly SuggestInput[],
  vocabulary: Vocabulary,
  used: Set<number> = new Set(),
): string {
  const inTitles = (t: number) => group.filter((m) => vocabulary.titleTerms[m]!.has(t)).length;
  // The most distinctive terms that the group's own titles use: what its papers say they are about.
  const named = top
    .map((t, rank) => ({ t, rank, titles: inTitles(t), words: vocabulary.terms[t]!.split(' ') }))
    .filter((c) => c.words.length > 1 || !ADJECTIVE.test(c.words[0]!))
    .filter((c) => c.titles >= Math.max(2, group.length * 0.08))
    // A phrase names a topic; a lone word only when no phrase will do.
    .sort((a, b) =>
      Math.min(a.words.length, 2) === Math.min(b.words.length, 2) ? a.rank - b.rank : b.words.length - a.words.length,
    );
  const all =
    named.length > 0
      ? named
      : top.map((t, rank) => ({ t, rank, titles: inTitles(t), words: vocabulary.terms[t]!.split(' ') }));
  // A phrase another (larger) theme's title already uses would make two titles alike.
  const fresh = all.filter((c) => !used.has(c.t));
  const candidates = fresh.length > 0 ? fresh : all;
  const first = candidates[0];
  if (!first) return 'Theme';
  // "RL" after "reinforcement learning", "agent" after "agents": the same thing twice.
  const initials = (words: string[]) => words.map((w) => w[0]).join('');
  const overlaps = (a: string[], b: string[]) =>
    a.some((w) => b.includes(w) || b.includes(`${w}s`) || b.some((x) => `${x}s` === w)) ||
    (a.length === 1 && [a[0], a[0]!.replace(/s$/, '')].includes(initials(b))) ||
    (b.length === 1 && [b[0], b[0]!.replace(/s$/, '')].includes(initials(a)));
  const head = titleWords(grownPhrase(first.t, group, papers, vocabulary));
  const headWords = head.toLowerCase().split(' ');
  const second = candidates.find((c) => c !== first && !overlaps(c.words, headWords));
  const title = second ? `${head} and ${titleWords(grownPhrase(second.t, group, papers, vocabulary))}` : head;
  used.add(first.t);
  if (second) used.add(second.t);
  return title.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

/** One paragraph from the cluster itself: its distinctive phrases and its most typical papers. */
function themeDescription(
  top: readonly number[],
  group: readonly number[],
  papers: readonly SuggestInput[],
  points: readonly Dense[],
  vocabulary: Vocabulary,
): string {
  // Phrases say what a theme is about; lone words fill in when there are too few phrases.
  const chosen = [
    ...top.filter((t) => vocabulary.terms[t]!.includes(' ')),
    ...top.filter((t) => !vocabulary.terms[t]!.includes(' ') && !ADJECTIVE.test(vocabulary.terms[t]!)),
  ].slice(0, 4);
  const phrases = chosen.map((t) => titleWords(vocabulary.display[t]!));
  const list =
    phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}` : (phrases[0] ?? 'one topic');
  const centroid = centroidOf(points, group);
  const typical = [...group]
    .sort((a, b) => dot(points[b]!, centroid) - dot(points[a]!, centroid) || a - b)
    .slice(0, 3)
    .map((m) => `“${papers[m]!.title.replace(/\s+/g, ' ').trim()}”`);
  const examples = typical.length > 1 ? `${typical.slice(0, -1).join(', ')} and ${typical.at(-1)}` : typical[0];
  return `Papers on ${list}. The most typical: ${examples}.`;
}

interface Drafted {
  groups: number[][];
  themes: SuggestedTheme[];
  taxonomy: Taxonomy;
  assignments: Map<string, string>;
  counts: Map<string, number>;
}

/** Drafts one theme per group (largest first), its rules from distinctive phrases, and files every paper by them. */
function draftAll(
  groups: number[][],
  papers: readonly SuggestInput[],
  docs: readonly Doc[],
  points: readonly Dense[],
  vocabulary: Vocabulary,
  termsPerTheme: number,
  minScore = 2,
): Drafted {
  const taken = new Set<string>();
  const used = new Set<number>();
  const themes: SuggestedTheme[] = groups.map((group) => {
    const top = distinctiveTerms(docs, group, vocabulary, termsPerTheme);
    const terms = [...new Set(top.flatMap((t) => vocabulary.forms[t]!.slice(0, 2)))];
    const title = themeTitle(top, group, papers, vocabulary, used);
    return {
      id: uniqueId(title.replace(/ and .*$/, ''), taken),
      title,
      description: themeDescription(top, group, papers, points, vocabulary),
      terms,
      cluster: group.map((m) => papers[m]!.id),
    };
  });

  const taxonomy = TaxonomySchema.parse({
    fallback: 'other',
    settings: {
      titleWeight: 2,
      minScore,
      secondaryRatio: 0.5,
      maxThemes: 3,
      repeatWeight: 0.25,
      maxRepeats: 3,
      tieMargin: 0,
    },
    themes: [
      ...themes.map((theme) => {
        // A phrase says more than a single word.
        const phrases = theme.terms.filter((t) => t.includes(' '));
        const words = theme.terms.filter((t) => !t.includes(' '));
        return {
          id: theme.id,
          title: theme.title,
          description: theme.description,
          rules: [
            ...(phrases.length > 0 ? [{ terms: phrases, weight: 2 }] : []),
            ...(words.length > 0 ? [{ terms: words, weight: 1 }] : []),
          ],
        };
      }),
      {
        id: 'other',
        title: 'Other',
        description: 'Papers that no theme of this list matches closely enough.',
      },
    ],
  });
  const assignments = new Map(papers.map((p) => [p.id, assignThemes(taxonomy, p).themes[0]!]));
  const counts = new Map<string, number>();
  for (const theme of assignments.values()) bump(counts, theme);
  return { groups, themes, taxonomy, assignments, counts };
}

// ---- measuring against a reference labelling ----------------------------------------------

/** Purity, normalized mutual information and adjusted Rand index of `labels` against `reference`. */
export function compareLabelings(
  labels: readonly string[],
  reference: readonly string[],
): { purity: number; nmi: number; ari: number } {
  const n = labels.length;
  const table = new Map<string, Map<string, number>>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  labels.forEach((l, i) => {
    const r = reference[i]!;
    let row = table.get(l);
    if (!row) table.set(l, (row = new Map()));
    bump(row, r);
    bump(rows, l);
    bump(cols, r);
  });
  let purity = 0;
  for (const row of table.values()) purity += Math.max(...row.values());
  const h = (m: Map<string, number>) => -[...m.values()].reduce((s, c) => s + (c / n) * Math.log(c / n), 0);
  let mi = 0;
  for (const [l, row] of table)
    for (const [r, c] of row) mi += (c / n) * Math.log((c * n) / (rows.get(l)! * cols.get(r)!));
  const hl = h(rows);
  const hr = h(cols);
  const nmi = hl + hr > 0 ? (2 * mi) / (hl + hr) : 1;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const row of table.values()) for (const c of row.values()) index += pairs(c);
  const sumRows = [...rows.values()].reduce((s, c) => s + pairs(c), 0);
  const sumCols = [...cols.values()].reduce((s, c) => s + pairs(c), 0);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  const ari = max === expected ? 1 : (index - expected) / (max - expected);
  return { purity: purity / n, nmi, ari };
}
