/**
 * remark plugin: parse text as text. An abstract copied from a listing page is
 * not Markdown: `*`, `_`, `#`, `1.`, `>`, `<tag>`, `[x](y)` or four leading
 * spaces must come out as typed. This turns off every CommonMark construct
 * except blank-line paragraphs and backslash escapes (kept so that `\$` never
 * opens math); remark-math, added after it, stays the only syntax.
 */
import type { Processor } from 'unified';

/** Every CommonMark construct name in micromark except paragraphs, line endings and `\` escapes. */
export const DISABLED_CONSTRUCTS = [
  'attention',
  'autolink',
  'blockQuote',
  'characterReference',
  'codeFenced',
  'codeIndented',
  'codeText',
  'definition',
  'hardBreakEscape',
  'headingAtx',
  'htmlFlow',
  'htmlText',
  'labelEnd',
  'labelStartImage',
  'labelStartLink',
  'list',
  'setextUnderline',
  'thematicBreak',
] as const;

export default function remarkTextOnly(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push({ disable: { null: [...DISABLED_CONSTRUCTS] } });
}
