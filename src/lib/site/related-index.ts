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
 * Kept per paper: its text (to tell whether it changed), its terms and
 * their counts; kept per term: its document frequency. An update re-counts
 * only the papers whose text changed and adjusts those terms' frequencies; the
 * idf and every paper's unit vector are recomputed when first needed after a
 * change (one pass over typed arrays); a query is then one sparse dot product
 * per paper, with no inverted index to keep up to date.
 */
import { splitWords, wordToken } from '../text/words.ts';
import { compareIds, DEFAULT_RELATED_OPTIONS, dot, type RelatedInput, type RelatedPaper } from './related.ts';

interface Doc {
  id: string;
  /** The text the counts came from, to tell whether it changed. */
  title: string;
  abstract: string;
  notes: string;
  /** Term numbers, ascending. */
  terms: Int32Array;
  /** 1 + ln(tf) of each term. */
  logTf: Float64Array;
  /** The TF-IDF weight of each term, the vector of unit length; recomputed after any change. */
  weights: Float64Array;
}

export class RelatedIndex {
  readonly #options: typeof DEFAULT_RELATED_OPTIONS;
  /** Token -> word number. */
  readonly #words = new Map<string, number>();
  /** A word as written, lower-cased -> its token's word number, or -1 when it is dropped (words.ts wordToken). */
  readonly #wordOf = new Map<string, number>();
  /** Word number -> its unigram's term number. */
  readonly #unigrams: number[] = [];
  /** First word number -> second word number -> the bigram's term number (small-integer keys: fast maps). */
  readonly #bigrams = new Map<number, Map<number, number>>();
  #df = new Int32Array(1024);
  #terms = 0;
  /** Document slots; a removed paper leaves an empty slot for the next one. */
  readonly #docs: Array<Doc | undefined> = [];
  readonly #free: number[] = [];
  readonly #slotOf = new Map<string, number>();
  /** Set when a count changed: idf and norms are stale until the next query. */
  #dirty = true;
  #idf = new Float64Array(0);

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
      const slot = this.#slotOf.get(doc.id);
      if (slot !== undefined) {
        const kept = this.#docs[slot]!;
        if (kept.title === doc.title && kept.abstract === (doc.abstract ?? '') && kept.notes === (doc.notes ?? ''))
          continue;
        this.#remove(slot);
      }
      this.#add(doc);
    }
    if (seen.size !== this.#slotOf.size) for (const [id, slot] of this.#slotOf) if (!seen.has(id)) this.#remove(slot);
  }

  /** The `k` papers most similar to `id`, best first; empty for a paper not in the index. */
  related(id: string): RelatedPaper[] {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return [];
    this.#refresh();
    const doc = this.#docs[slot]!;
    const scored: RelatedPaper[] = [];
    for (let other = 0; other < this.#docs.length; other++) {
      const candidate = this.#docs[other];
      if (!candidate || other === slot) continue;
      const score = Math.round(dot(doc, candidate) * 1e6) / 1e6;
      if (score >= this.#options.minScore && score > 0) scored.push({ id: candidate.id, score });
    }
    return scored.sort((a, b) => b.score - a.score || compareIds(a.id, b.id)).slice(0, this.#options.k);
  }

  #add(doc: RelatedInput): void {
    const counts = new Map<number, number>();
    this.#count(counts, doc.title, this.#options.titleWeight);
    this.#count(counts, doc.abstract, 1);
    this.#count(counts, doc.notes, 1);
    const terms = Int32Array.from(counts.keys()).sort();
    const logTf = new Float64Array(terms.length);
    for (let i = 0; i < terms.length; i++) logTf[i] = 1 + Math.log(counts.get(terms[i]!)!);
    const slot = this.#free.pop() ?? this.#docs.length;
    this.#docs[slot] = {
      id: doc.id,
      title: doc.title,
      abstract: doc.abstract ?? '',
      notes: doc.notes ?? '',
      terms,
      logTf,
      weights: new Float64Array(terms.length),
    };
    this.#slotOf.set(doc.id, slot);
    for (const term of terms) this.#df[term]!++;
    this.#dirty = true;
  }

  #remove(slot: number): void {
    const doc = this.#docs[slot]!;
    for (const term of doc.terms) this.#df[term]!--;
    this.#docs[slot] = undefined;
    this.#slotOf.delete(doc.id);
    this.#free.push(slot);
    this.#dirty = true;
  }

  /** A new term's number. */
  #newTerm(): number {
    const term = this.#terms++;
    if (term >= this.#df.length) {
      const grown = new Int32Array(this.#df.length * 2);
      grown.set(this.#df);
      this.#df = grown;
    }
    return term;
  }

  #unigram(word: number): number {
    let term = this.#unigrams[word];
    if (term === undefined) this.#unigrams[word] = term = this.#newTerm();
    return term;
  }

  /** The word number of a word as written (lower-cased), -1 for a dropped word: tokenize's tokens, numbered. */
  #word(lower: string): number {
    let word = this.#wordOf.get(lower);
    if (word === undefined) {
      const token = wordToken(lower);
      if (token === '') word = -1;
      else {
        word = this.#words.get(token);
        if (word === undefined) this.#words.set(token, (word = this.#words.size));
      }
      this.#wordOf.set(lower, word);
    }
    return word;
  }

  #bigram(first: number, second: number): number {
    let seconds = this.#bigrams.get(first);
    if (!seconds) this.#bigrams.set(first, (seconds = new Map()));
    let term = seconds.get(second);
    if (term === undefined) seconds.set(second, (term = this.#newTerm()));
    return term;
  }

  /** Adds the unigrams and adjacent bigrams of `text` (as related.ts counts them), each `weight` times. */
  #count(counts: Map<number, number>, text: string | undefined, weight: number): void {
    if (!text) return;
    let previous = -1;
    for (const written of splitWords(text)) {
      const word = this.#word(written.toLowerCase());
      if (word < 0) {
        previous = -1;
        continue;
      }
      const unigram = this.#unigram(word);
      counts.set(unigram, (counts.get(unigram) ?? 0) + weight);
      if (previous >= 0) {
        const bigram = this.#bigram(previous, word);
        counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
      }
      previous = word;
    }
  }

  /** Recomputes every term's idf (0 for a term that cannot tell papers apart) and every paper's weights. */
  #refresh(): void {
    if (!this.#dirty) return;
    const n = this.#slotOf.size;
    const maxDf = Math.max(2, Math.floor(n * this.#options.maxDocShare));
    if (this.#idf.length < this.#terms) this.#idf = new Float64Array(this.#df.length);
    const idf = this.#idf;
    for (let t = 0; t < this.#terms; t++) {
      const d = this.#df[t]!;
      idf[t] = d < 2 || d > maxDf ? 0 : Math.log((1 + n) / (1 + d));
    }
    for (const doc of this.#docs) {
      if (!doc) continue;
      const { terms, logTf, weights } = doc;
      let sumSquares = 0;
      for (let i = 0; i < terms.length; i++) {
        const w = logTf[i]! * idf[terms[i]!]!;
        weights[i] = w;
        sumSquares += w * w;
      }
      const norm = Math.sqrt(sumSquares) || 1;
      for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / norm;
    }
    this.#dirty = false;
  }
}
