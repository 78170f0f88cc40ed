/**
 * The project's one way to cut text into words: splitting, stop words and
 * stemming, for everything that compares papers by their words (related
 * papers, the theme clustering and its drafted titles and rules). Stems come
 * from the Porter2 (Snowball English) stemmer, so "study", "studies" and
 * "studied" are one word everywhere. (The search index cuts words its own
 * way, in src/lib/search/.)
 */
import { stem as porter2 } from 'porter2';

// Function words and the boilerplate of abstracts: they say nothing about a topic.
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above across after again against all almost along also although always am among an and another any are
  around as at be because been before being below between both but by can cannot could did do does doing done down
  due during each either enough especially etc even ever every few for from further furthermore given had has have
  having here hence how however i if in into is it its itself just largely less let like made make makes many may
  might more moreover most much must namely near nearly neither no nor not now of off often on once one only onto or
  other others otherwise our ours out over own per perhaps rather same several shall she should since so some such
  than that the their theirs them themselves then there thereby therefore these they this those though through thus
  to together too toward towards under until up upon us use used uses using very via was we well were what whatever
  when where whereas whether which while who whom whose why will with within without would yet you your
  paper propose proposed proposes present presents introduce introduces introduced show shows shown demonstrate
  demonstrates achieve achieves achieving approach approaches method methods novel new existing work works result
  results experiment experiments experimental extensive significantly significant state art sota outperform
  outperforms compared comparable including based code available github https http www com org potential
  previously prior critical crucial key important insight insights challenge challenges challenging fundamental
  general specific effective effectively effectiveness improve improves improved improving improvement improvements
  current currently recent recently various variety enable enables enabling leverage leverages leveraging address
  addresses addressing remain remains despite first second third two three four five`.split(/\s+/),
);

const stems = new Map<string, string>();

/**
 * The stem of one lower-case word: Porter2's, except that a word with no vowel (an acronym: "llms", "vlms")
 * only loses a plural "s" (Porter2 leaves "llms" as it is).
 */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = /[aeiouy]/.test(word)
      ? porter2(word)
      : word.length > 3 && word.endsWith('s') && !word.endsWith('ss')
        ? word.slice(0, -1)
        : word;
    stems.set(word, stemmed);
  }
  return stemmed;
}

const tokens = new Map<string, string>();

/** The token of one lower-case word: '' for stop words, numbers and single letters, else its stem. */
export function wordToken(word: string): string {
  let token = tokens.get(word);
  if (token === undefined) {
    token = word.length < 2 || STOPWORDS.has(word) || /^\p{N}+$/u.test(word) ? '' : stem(word);
    tokens.set(word, token);
  }
  return token;
}

/** The words of a text as written (original case), in order: runs of letters and digits; LaTeX commands dropped. */
export function splitWords(text: string): string[] {
  const plain = text.replace(/\\[a-zA-Z]+/g, ' '); // LaTeX commands such as \textbf
  // ASCII reads the same after NFKC, and its letters and digits are exactly [A-Za-z0-9]: the common case, faster.
  if (/^[\x00-\x7f]*$/.test(plain)) return plain.split(/[^A-Za-z0-9]+/);
  return text
    .normalize('NFKC')
    .replace(/\\[a-zA-Z]+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u);
}

/**
 * Lower-case tokens of a text, in order; a removed word leaves '' in its
 * place so that bigrams never span it.
 */
export function tokenize(text: string): string[] {
  return splitWords(text).map((word) => wordToken(word.toLowerCase()));
}
