/**
 * Related papers for one page at a time, over an index that is updated paper
 * by paper: what `astro dev` uses, so that saving a note costs the work of
 * that note, not of the list.
 *
 * The weights are those of src/lib/site/related.ts (the build's): unigrams and
 * adjacent bigrams of the title (counted `titleWeight` times), abstract and
 * notes; sublinear tf, smooth idf, terms in fewer than two documents or in
 * more than `maxDocShare` of them dropped; L2-normalized; the `k` best with a
 * cosine of at least `minScore`, rounded to 6 decimals, ties to the smaller
 * id. The build prunes candidates (top terms, capped posting lists) to score
 * every paper at once; this scores one paper exactly against every other, so
 * the two agree wherever the build's pruning keeps the true top k (recall@5 of
 * 0.998 on the seed papers, 1.0 on synthetic ones: scripts/bench/related-scale.ts).
 *
 * Kept per paper: its text (to tell whether it changed) and its term counts;
 * kept per term: its document frequency and posting list. An update re-counts
 * the papers whose text changed and adjusts those terms' postings and counts;
 * the idf and each paper's norm are recomputed when first needed after a
 * change (one pass over typed arrays); a query then walks the postings of the
 * page's own terms only.
 */
import { tokenize } from '../text/words.ts';
import { DEFAULT_RELATED_OPTIONS, type RelatedInput, type RelatedPaper } from './related.ts';

interface Doc {
  id: string;
  /** Title, abstract and notes, joined: the text the counts came from. */
  text: string;
  /** Term numbers, ascending. */
  terms: Int32Array;
  /** 1 + ln(tf) of each term. */
  logTf: Float64Array;
}

/** A growable list of (document slot, 1 + ln tf) pairs. */
interface Posting {
  docs: number[];
  logTf: number[];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class RelatedIndex {
  readonly #options: typeof DEFAULT_RELATED_OPTIONS;
  /** Word -> word number. */
  readonly #words = new Map<string, number>();
  /** Term key (a word number, or a pair of them for a bigram) -> term number. */
  readonly #termOf = new Map<number, number>();
  #df = new Int32Array(1024);
  readonly #postings: Posting[] = [];
  /** Document slots; a removed paper leaves an empty slot for the next one. */
  readonly #docs: Array<Doc | undefined> = [];
  readonly #free: number[] = [];
  readonly #slotOf = new Map<string, number>();
  /** Set when a count changed: idf and norms are stale until the next query. */
  #dirty = true;
  #idf = new Float64Array(0);
  #norm = new Float64Array(0);
  #partial = new Float64Array(0);

  constructor(
    options: Partial<Pick<typeof DEFAULT_RELATED_OPTIONS, 'k' | 'titleWeight' | 'maxDocShare' | 'minScore'>> = {},
  ) {
    this.#options = { ...DEFAULT_RELATED_OPTIONS, ...options };
  }

  /** Papers in the index. */
  get size(): number {
    return this.#slotOf.size;
  }

  /** Makes the index hold exactly these papers: re-counts the changed and new ones, drops the missing. */
  update(docs: readonly RelatedInput[]): void {
    const seen = new Set<string>();
    for (const doc of docs) {
      seen.add(doc.id);
      const text = `${doc.title}\u0000${doc.abstract ?? ''}\u0000${doc.notes ?? ''}`;
      const slot = this.#slotOf.get(doc.id);
      if (slot !== undefined && this.#docs[slot]!.text === text) continue;
      if (slot !== undefined) this.#remove(slot);
      this.#add(doc, text);
    }
    if (seen.size !== this.#slotOf.size) for (const [id, slot] of this.#slotOf) if (!seen.has(id)) this.#remove(slot);
  }

  /** The `k` papers most similar to `id`, best first; empty for a paper not in the index. */
  related(id: string): RelatedPaper[] {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return [];
    this.#refresh();
    const doc = this.#docs[slot]!;
    const idf = this.#idf;
    const partial = this.#partial;
    const touched: number[] = [];
    const norm = this.#norm[slot]!;
    for (let i = 0; i < doc.terms.length; i++) {
      const term = doc.terms[i]!;
      const weight = idf[term]!;
      if (weight === 0) continue;
      const q = (doc.logTf[i]! * weight) / norm;
      const posting = this.#postings[term]!;
      for (let j = 0; j < posting.docs.length; j++) {
        const other = posting.docs[j]!;
        if (other === slot) continue;
        if (partial[other] === 0) touched.push(other);
        partial[other] = partial[other]! + q * posting.logTf[j]! * weight;
      }
    }
    const scored: RelatedPaper[] = [];
    for (const other of touched) {
      const score = Math.round((partial[other]! / this.#norm[other]!) * 1e6) / 1e6;
      partial[other] = 0;
      if (score >= this.#options.minScore) scored.push({ id: this.#docs[other]!.id, score });
    }
    return scored.sort((a, b) => b.score - a.score || compareIds(a.id, b.id)).slice(0, this.#options.k);
  }

  #add(doc: RelatedInput, text: string): void {
    const counts = new Map<number, number>();
    this.#count(counts, doc.title, this.#options.titleWeight);
    this.#count(counts, doc.abstract, 1);
    this.#count(counts, doc.notes, 1);
    const entries = [...counts].sort((a, b) => a[0] - b[0]);
    const slot = this.#free.pop() ?? this.#docs.length;
    const terms = Int32Array.from(entries, ([term]) => term);
    const logTf = Float64Array.from(entries, ([, tf]) => 1 + Math.log(tf));
    this.#docs[slot] = { id: doc.id, text, terms, logTf };
    this.#slotOf.set(doc.id, slot);
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      this.#df[term]!++;
      const posting = this.#postings[term]!;
      posting.docs.push(slot);
      posting.logTf.push(logTf[i]!);
    }
    this.#dirty = true;
  }

  #remove(slot: number): void {
    const doc = this.#docs[slot]!;
    for (const term of doc.terms) {
      this.#df[term]!--;
      const posting = this.#postings[term]!;
      const at = posting.docs.lastIndexOf(slot);
      const last = posting.docs.length - 1;
      posting.docs[at] = posting.docs[last]!;
      posting.logTf[at] = posting.logTf[last]!;
      posting.docs.pop();
      posting.logTf.pop();
    }
    this.#docs[slot] = undefined;
    this.#slotOf.delete(doc.id);
    this.#free.push(slot);
    this.#dirty = true;
  }

  /** The number of a term key, made on first sight. */
  #term(key: number): number {
    let term = this.#termOf.get(key);
    if (term === undefined) {
      term = this.#postings.length;
      this.#termOf.set(key, term);
      this.#postings.push({ docs: [], logTf: [] });
      if (term >= this.#df.length) {
        const grown = new Int32Array(this.#df.length * 2);
        grown.set(this.#df);
        this.#df = grown;
      }
    }
    return term;
  }

  /** Adds the unigrams and adjacent bigrams of `text` (as related.ts counts them), each `weight` times. */
  #count(counts: Map<number, number>, text: string | undefined, weight: number): void {
    if (!text) return;
    let previous = -1;
    for (const token of tokenize(text)) {
      if (!token) {
        previous = -1;
        continue;
      }
      let word = this.#words.get(token);
      if (word === undefined) this.#words.set(token, (word = this.#words.size));
      // Word keys are even, bigram keys odd: the two never meet.
      const unigram = this.#term(word * 2);
      counts.set(unigram, (counts.get(unigram) ?? 0) + weight);
      if (previous >= 0) {
        const bigram = this.#term((previous * 2 ** 24 + word) * 2 + 1);
        counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
      }
      previous = word;
    }
  }

  /** Recomputes every term's idf (0 for a term that cannot tell papers apart) and every paper's norm. */
  #refresh(): void {
    if (!this.#dirty) return;
    const n = this.#slotOf.size;
    const maxDf = Math.max(2, Math.floor(n * this.#options.maxDocShare));
    const terms = this.#postings.length;
    if (this.#idf.length < terms) this.#idf = new Float64Array(this.#df.length);
    const idf = this.#idf;
    for (let t = 0; t < terms; t++) {
      const d = this.#df[t]!;
      idf[t] = d < 2 || d > maxDf ? 0 : Math.log((1 + n) / (1 + d));
    }
    if (this.#norm.length < this.#docs.length) {
      this.#norm = new Float64Array(this.#docs.length * 2);
      this.#partial = new Float64Array(this.#docs.length * 2);
    }
    for (let slot = 0; slot < this.#docs.length; slot++) {
      const doc = this.#docs[slot];
      if (!doc) continue;
      let sumSquares = 0;
      for (let i = 0; i < doc.terms.length; i++) {
        const w = doc.logTf[i]! * idf[doc.terms[i]!]!;
        sumSquares += w * w;
      }
      this.#norm[slot] = Math.sqrt(sumSquares) || 1;
    }
    this.#dirty = false;
  }
}
