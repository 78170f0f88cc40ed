/**
 * KaTeX's stylesheet cut down to what a built site shows. The stylesheet
 * styles every construct KaTeX can typeset (sizes, fonts, arrays, stretchy
 * arrows…) in ~21 KB, while the papers of a reading list use a handful;
 * every math page pays for all of it. Two pure pieces:
 *
 * - collectKatexClasses: the class names inside KaTeX's markup on a page
 *   (hast, so the markup is read as a browser reads it);
 * - trimKatexCss: the stylesheet rewritten through Lightning CSS's AST
 *   visitor, keeping a selector only if every class it requires is used,
 *   and an @font-face only if a kept rule names its family.
 *
 * Selectors are judged conservatively: a class inside :not() never drops a
 * selector, :is()/:where()/:has() drop it only when none of their arguments
 * can match; element, universal, attribute and at-rules other than
 * @font-face (keyframes…) are kept. URLs are printed as they were read
 * (relative to the stylesheet: its fonts sit in fonts/ beside it).
 */
import {
  transform,
  type CustomAtRules,
  type Declaration,
  type Selector,
  type SelectorList,
  type Visitor,
} from 'lightningcss';
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** The classes KaTeX puts on the outermost element of its output (inline, display, a parse error). */
export const KATEX_ROOT_CLASSES: readonly string[] = ['katex', 'katex-display', 'katex-error'];

/** A space-separated property (class, rel) as a list, whether hast gives an array or a string. */
function tokens(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

const classesOf = (node: Element): string[] => tokens(node.properties.className);

/**
 * Adds to `into` every class name used on or inside a KaTeX root element of
 * the page (MathML and SVG included). Classes of the rest of the page are
 * left out: KaTeX's stylesheet only ever targets its own markup.
 */
export function collectKatexClasses(tree: Root, into: Set<string> = new Set()): Set<string> {
  visit(tree, 'element', (node: Element) => {
    if (!classesOf(node).some((name) => KATEX_ROOT_CLASSES.includes(name))) return undefined;
    visit(node, 'element', (inner: Element) => {
      for (const name of classesOf(inner)) into.add(name);
    });
    return SKIP;
  });
  return into;
}

/** Pseudo-classes whose selector arguments must be able to match (one of them) for the selector to match. */
const MATCHING_ARGUMENTS = new Set(['is', 'where', 'any', 'has']);

/** Whether a complex selector can match markup that uses only `used` classes. */
export function selectorCanMatch(selector: Selector, used: ReadonlySet<string>): boolean {
  for (const component of selector) {
    if (component.type === 'class' && !used.has(component.name)) return false;
    if (component.type === 'pseudo-class' && MATCHING_ARGUMENTS.has(component.kind) && 'selectors' in component) {
      const args = component.selectors as SelectorList;
      if (args.length > 0 && !args.some((arg) => selectorCanMatch(arg, used))) return false;
    }
  }
  return true;
}

/** The font families a declaration names (font-family or the font shorthand); null when it cannot tell (var()). */
function namedFamilies(declaration: Declaration): string[] | null {
  if (declaration.property === 'font-family') return declaration.value.filter((family) => typeof family === 'string');
  if (declaration.property === 'font') return declaration.value.family.filter((family) => typeof family === 'string');
  if (declaration.property === 'unparsed' || declaration.property === 'custom') {
    const name = declaration.property === 'unparsed' ? declaration.value.propertyId.property : declaration.value.name;
    return name === 'font' || name === 'font-family' ? null : [];
  }
  return [];
}

export interface KatexTrimReport {
  /** The trimmed stylesheet. */
  code: string;
  bytesBefore: number;
  bytesAfter: number;
  /** Style rules kept (with at least one selector that can match) and dropped. */
  keptRules: number;
  droppedRules: number;
  /** Font families of the @font-face rules kept, sorted. */
  keptFontFamilies: string[];
  /** @font-face rules dropped because no kept rule names their family. */
  droppedFontFaces: number;
}

function parseError(error: unknown, filename: string): Error {
  const e = error as { message?: string; loc?: { line: number; column: number } };
  const where = e.loc ? `${filename}:${e.loc.line}:${e.loc.column}` : filename;
  return new Error(
    `${where}: cannot parse KaTeX's stylesheet to trim it (${e.message ?? String(error)}). Check that the file is the stylesheet of the katex package.`,
  );
}

function run(css: string, filename: string, visitor: Visitor<CustomAtRules>): string {
  try {
    return transform({ filename, code: Buffer.from(css), minify: true, visitor }).code.toString();
  } catch (error) {
    throw parseError(error, filename);
  }
}

/**
 * KaTeX's stylesheet with only the rules that can match markup using the
 * `used` classes, and only the @font-face rules of families those rules
 * name. `filename` is only used in messages.
 */
export function trimKatexCss(css: string, used: ReadonlySet<string>, filename = 'katex.css'): KatexTrimReport {
  let keptRules = 0;
  let droppedRules = 0;
  const families = new Set<string>();
  let everyFamily = false;

  // Pass 1: the style rules. The @font-face rules come first in the file, before the
  // rules that name their families, so they wait for pass 2.
  const rulesTrimmed = run(css, filename, {
    Rule: {
      style(rule) {
        const selectors = rule.value.selectors.filter((selector) => selectorCanMatch(selector, used));
        if (selectors.length === 0) {
          droppedRules++;
          return [];
        }
        keptRules++;
        const { declarations = [], importantDeclarations = [] } = rule.value.declarations ?? {};
        for (const declaration of [...declarations, ...importantDeclarations]) {
          const named = namedFamilies(declaration);
          if (named === null) everyFamily = true;
          else for (const family of named) families.add(family);
        }
        if (selectors.length === rule.value.selectors.length) return undefined;
        return { type: 'style', value: { ...rule.value, selectors } };
      },
    },
  });

  // Pass 2: the fonts no kept rule asks for.
  const keptFontFamilies = new Set<string>();
  let droppedFontFaces = 0;
  const code = run(rulesTrimmed, filename, {
    Rule: {
      'font-face'(rule) {
        const family = rule.value.properties.find((property) => property.type === 'font-family')?.value;
        if (everyFamily || family === undefined || families.has(family)) {
          if (family !== undefined) keptFontFamilies.add(family);
          return undefined;
        }
        droppedFontFaces++;
        return [];
      },
    },
  });

  return {
    code,
    bytesBefore: Buffer.byteLength(css),
    bytesAfter: Buffer.byteLength(code),
    keptRules,
    droppedRules,
    keptFontFamilies: [...keptFontFamilies].sort(),
    droppedFontFaces,
  };
}
