/**
 * Renders a suggested taxonomy as a commented themes.yaml draft: a header that
 * says how it was made and how good the clusters are, and above each theme the
 * papers its rules would hold, for the reader to check while editing. Pure.
 */
import { Document, isMap, isScalar, isSeq, visit, type YAMLMap } from 'yaml';
import type { Suggestion } from './suggest.ts';

export interface RenderOptions {
  /** Paper titles by id, for the lists of papers in comments. */
  titles: Map<string, string>;
  /** Where the papers came from, shown in the header (e.g. the content root). */
  source: string;
  /** Papers listed per theme before "… and N more". Default: 25. */
  listLimit?: number;
  /** Who drafted it: `themes:suggest` (a file to edit and move) or the first ingest (the list's taxonomy). Default: suggest. */
  by?: 'suggest' | 'ingest';
}

/** Comment text must not break out of its line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function renderSuggestion(suggestion: Suggestion, options: RenderOptions): string {
  const { taxonomy, quality, assignments } = suggestion;
  const limit = options.listLimit ?? 25;
  // Written as the reader would write it: no default values, terms as one-line lists.
  const plain = {
    fallback: taxonomy.fallback,
    settings: taxonomy.settings,
    themes: taxonomy.themes.map((theme) => ({
      id: theme.id,
      title: theme.title,
      description: theme.description,
      ...(theme.rules.length > 0
        ? {
            rules: theme.rules.map((rule) => ({
              terms: rule.terms,
              weight: rule.weight,
              ...(rule.in === 'both' ? {} : { in: rule.in }),
            })),
          }
        : {}),
    })),
  };
  const doc = new Document(plain);
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'terms' && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  const byIngest = options.by === 'ingest';
  doc.commentBefore = [
    byIngest
      ? ` The taxonomy of this list, drafted by its first \`npm run ingest\` from ${quality.papers} papers of ${oneLine(options.source)}.`
      : ` Draft taxonomy suggested by \`npm run themes:suggest\` from ${quality.papers} papers of ${oneLine(options.source)}.`,
    ' Papers were clustered by content (TF-IDF of title and abstract, latent semantic space,',
    ` bisecting spherical k-means); k = ${quality.k} was chosen by silhouette among ${quality.tried[0]?.k}..${quality.tried.at(-1)?.k}.`,
    " Each theme's rules are its cluster's most distinctive terms.",
    '',
    ' Quality on this list:',
    `   silhouette of the clusters (cosine, -1..1, higher is better): ${quality.silhouette.toFixed(3)}`,
    `   papers the drafted rules file under their own cluster: ${percent(quality.rulesAgreeWithClusters)}`,
    `   papers no rule matches (fallback "${taxonomy.fallback}"): ${quality.fallback}; largest theme: ${percent(quality.maxShare)} of the list`,
    '',
    ...(byIngest
      ? [
          ' It is yours: read it theme by theme, rename titles, reword descriptions, prune or add terms, then run',
          ' `npm run ingest` again (papers move folder with their notes). Ids are folder names and URLs.',
          ' Every setting and rule key is documented in src/schemas/themes.ts.',
        ]
      : [
          ' To use it: check ids, titles and descriptions, prune terms, then move',
          ' this file to themes.yaml (ids become folder names) and run `npm run ingest`.',
        ]),
  ].join('\n');

  const held = new Map<string, string[]>();
  for (const [id, theme] of assignments) {
    const list = held.get(theme) ?? [];
    list.push(id);
    held.set(theme, list);
  }
  const byTitle = (a: string, b: string) => (options.titles.get(a) ?? a).localeCompare(options.titles.get(b) ?? b);
  const themes = doc.get('themes', true);
  if (isSeq(themes)) {
    themes.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const theme = taxonomy.themes[index]!;
      const papers = (held.get(theme.id) ?? []).sort(byTitle);
      const lines = papers.slice(0, limit).map((id) => `   - ${oneLine(options.titles.get(id) ?? id)}`);
      if (papers.length > limit) lines.push(`   … and ${papers.length - limit} more`);
      const cluster = suggestion.themes.find((t) => t.id === theme.id)?.cluster.length;
      const from =
        cluster === undefined ? '' : `Cluster of ${cluster} paper${cluster === 1 ? '' : 's'}; its rules would`;
      (item as YAMLMap).commentBefore = [
        ` ${from || 'Would'} hold ${papers.length} paper${papers.length === 1 ? '' : 's'} as primary theme${papers.length > 0 ? ':' : '.'}`,
        ...lines,
      ].join('\n');
      if (index > 0) (item as YAMLMap).spaceBefore = true;
    });
  }
  return doc.toString({ lineWidth: 0 });
}
