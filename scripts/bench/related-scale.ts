/**
 * Measures related-papers (src/lib/site/related.ts) at scale: builds N synthetic
 * papers (default 10,000) from topic-skewed random words, times
 * relatedPapers, reports heap growth, and checks recall@k against a brute-force
 * exact cosine on a sample of papers. A measurement script, not a test.
 *
 *   node scripts/bench/related-scale.ts [--papers 10000] [--sample 200]
 */
import { parseArgs } from 'node:util';
import { relatedPapers, vectorize, type RelatedInput } from '../../src/lib/site/related.ts';
import { mulberry32 } from '../../src/lib/themes/random.ts';

const { values } = parseArgs({
  options: { papers: { type: 'string', default: '10000' }, sample: { type: 'string', default: '200' } },
});
const n = Number(values.papers);
const sampleSize = Math.min(n, Number(values.sample));

const rand = mulberry32(42);
const syllables = [
  'ka',
  've',
  'lo',
  'ri',
  'tan',
  'mo',
  'spe',
  'qu',
  'ant',
  'ex',
  'tra',
  'cor',
  'pus',
  'lin',
  'gra',
  'dex',
];
const word = (i: number) => {
  let w = '';
  for (let x = i + 1; x > 0; x = Math.floor(x / syllables.length)) w += syllables[x % syllables.length];
  return `${w}x`;
};
const vocabulary = Array.from({ length: 20_000 }, (_, i) => word(i));
const topics = Array.from({ length: 200 }, () =>
  Array.from({ length: 60 }, () => vocabulary[Math.floor(rand() * vocabulary.length)]!),
);
// Zipf-like background words: low indices are much more frequent.
const background = () => vocabulary[Math.floor(vocabulary.length * rand() ** 3)]!;
const text = (topic: string[], length: number) =>
  Array.from({ length }, () => (rand() < 0.35 ? topic[Math.floor(rand() * topic.length)]! : background())).join(' ');

const docs: RelatedInput[] = Array.from({ length: n }, (_, i) => {
  const topic = topics[Math.floor(rand() * topics.length)]!;
  return {
    id: `p${String(i).padStart(6, '0')}`,
    title: text(topic, 10),
    abstract: text(topic, 180),
    notes: rand() < 0.1 ? text(topic, 60) : '',
  };
});

const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const related = relatedPapers(docs);
const cpu = process.cpuUsage(cpuBefore);
const elapsed = performance.now() - started;
const heapAfter = process.memoryUsage().heapUsed;

// Recall@k of the pruned search against exact cosine, on a sample.
const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const vectors = vectorize(sorted);
const dense = (v: (typeof vectors)[number]) => new Map(Array.from(v.terms, (t, i) => [t, v.weights[i]!]));
let hits = 0;
let total = 0;
for (let s = 0; s < sampleSize; s++) {
  const d = Math.floor((s * sorted.length) / sampleSize);
  const mine = dense(vectors[d]!);
  const exact = vectors
    .map((v, j) => {
      let sum = 0;
      v.terms.forEach((t, i) => (sum += (mine.get(t) ?? 0) * v.weights[i]!));
      return { id: sorted[j]!.id, score: j === d ? -1 : Math.round(sum * 1e6) / 1e6 };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, 5)
    .map((r) => r.id);
  const got = related.get(sorted[d]!.id)!.map((r) => r.id);
  hits += got.filter((id) => exact.includes(id)).length;
  total += exact.length;
}

console.log(
  `related papers: ${n} papers in ${(elapsed / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s); heap +${((heapAfter - heapBefore) / 1e6).toFixed(0)} MB; recall@5 vs exact cosine on ${sampleSize} papers: ${(hits / total).toFixed(3)}`,
);
