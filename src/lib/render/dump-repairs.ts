/**
 * What a Hugging Face page lost, put back at render time. Its page text drops the backslashes and dollar signs of
 * the authors' LaTeX (and the `&#` of an HTML entity), so the dumps say "2.6times" for 2.6\times and "x2014" for
 * an em dash. Each rule restores the LaTeX (or the character) before the text pipeline reads it; the stored
 * abstract is never changed.
 *
 *   2.6times  5-10times           -> 2.6\times  5-10\times     (× only right after a digit: "sometimes" stays)
 *   2.35times sim 3.47times       -> 2.35× ~ 3.47×             ("sim" as a word before a number: "sim-to-real", "sim2real" stay)
 *   at geq 50%  leq 2             -> ≥ 50%  ≤ 2                (only as a word before a number)
 *   66.3 %rightarrow73.4          -> 66.3 %→73.4               ("rightarrow" is no English word)
 *   tokenx2014only                -> token—only                (the entity &#x2014; between two letters)
 *   $ρ-texttt{EOS}, … ρ-texttt{EOS}$ -> ρ-\texttt{EOS}, … ρ-\texttt{EOS}  (a text command that lost its `\`, and
 *                                    the `$` glued to it: no English word is followed by `{`)
 *
 * The rules are conservative by construction and checked on every abstract of two real lists
 * (test/unit/render-dump-repairs.test.ts): none may touch a real word.
 */

/** One repair: what it mends, a pattern of what the dump says, and what to put instead. */
export interface DumpRepair {
  name: string;
  pattern: RegExp;
  replacement: string;
}

/** Text commands whose `\` a dump drops; a bare one is known by the `{` right after it. */
const BARE_COMMANDS = 'texttt|textbf|textit|textsc|emph|mathrm|mathbf|mathcal';

export const DUMP_REPAIRS: readonly DumpRepair[] = [
  // The `$` rules run before the command rule, while the command still has no backslash.
  {
    name: 'dollar before a bare command',
    pattern: new RegExp(`\\$(?=[^\\s$\\d\\\\{}][^\\s$\\\\{}]*(?<![A-Za-z])(?:${BARE_COMMANDS})\\{)`, 'g'),
    replacement: '',
  },
  {
    name: 'dollar after a bare command',
    pattern: new RegExp(`(?<=(?<![A-Za-z\\\\])(?:${BARE_COMMANDS})\\{[^{}$\\\\]*\\})\\$`, 'g'),
    replacement: '',
  },
  { name: 'bare command', pattern: new RegExp(`(?<![A-Za-z\\\\])(${BARE_COMMANDS})(?=\\{)`, 'g'), replacement: '\\$1' },
  { name: 'times', pattern: /(?<=\d)times(?![A-Za-z])/g, replacement: '\\times' },
  { name: 'sim', pattern: /(?<![^\s(])sim(?=\s\d|\d[\d.,]*\\?times)/g, replacement: '~' },
  { name: 'geq', pattern: /(?<![^\s(])geq(?=\s?\d)/g, replacement: '≥' },
  { name: 'leq', pattern: /(?<![^\s(])leq(?=\s?\d)/g, replacement: '≤' },
  { name: 'rightarrow', pattern: /(?<![A-Za-z\\])rightarrow(?![A-Za-z])/g, replacement: '→' },
  { name: 'em dash entity', pattern: /(?<=[A-Za-z0-9])x2014(?=[A-Za-z])/g, replacement: '—' },
  { name: 'en dash entity', pattern: /(?<=[A-Za-z0-9])x2013(?=[A-Za-z])/g, replacement: '–' },
];

/** The text with every repair made, ready for the text pipeline. */
export function repairDumpText(text: string): string {
  let out = text;
  for (const { pattern, replacement } of DUMP_REPAIRS) out = out.replace(pattern, replacement);
  return out;
}

/** How many times each repair applies to a text (only those that do), in table order. */
export function dumpRepairCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let out = text;
  for (const { name, pattern, replacement } of DUMP_REPAIRS) {
    const found = out.match(pattern)?.length ?? 0;
    if (found > 0) counts.set(name, found);
    out = out.replace(pattern, replacement);
  }
  return counts;
}
