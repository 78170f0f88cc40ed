/**
 * The benchmark's vocabulary: titles, abstract sentences and organization
 * bylines of the default reading list, read from its dumps. The synthetic
 * lists are recombined from these so that themes and similarity behave as they
 * do on real papers.
 *
 * The dumps are read with the ingest's own parser (src/lib/ingest/parse.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { walkFiles } from '../../src/lib/fs/files.ts';
import { parseDump } from '../../src/lib/ingest/parse.ts';

export interface SeedPaper {
  title: string;
  abstract: string;
  /** The part of the title before ": ", when there is one ("SeaView"). */
  name?: string;
  /** The title without its name ("Software Engineering Agent Visual Interface…"). */
  subtitle: string;
  /** Abstract split into sentences. */
  sentences: string[];
}

export interface Organization {
  slug: string;
  name: string;
}

export interface Vocabulary {
  papers: SeedPaper[];
  organizations: Organization[];
}

/** Sentence ends: ". " followed by a capital letter, a digit or an opening bracket. */
export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?])\s+(?=[A-Z0-9(\\$])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function splitTitle(title: string): { name?: string; subtitle: string } {
  const colon = title.indexOf(': ');
  if (colon > 0 && colon <= 40) return { name: title.slice(0, colon), subtitle: title.slice(colon + 2) };
  return { subtitle: title };
}

/** Builds the vocabulary from every `*.txt` dump in `sourcesDir` (the default list's content/sources). */
export async function loadVocabulary(sourcesDir: string): Promise<Vocabulary> {
  const files = walkFiles(sourcesDir, { recursive: false, include: (f) => f.endsWith('.txt') }).map((f) => f.name);
  const byTitle = new Map<string, SeedPaper>();
  const orgs = new Map<string, Organization>();
  for (const file of files) {
    const text = await readFile(path.join(sourcesDir, file), 'utf8');
    const { dump } = parseDump(text, { name: file, file: path.join(sourcesDir, file) });
    for (const entry of dump.entries) {
      if (entry.byline && 'organization' in entry.byline) {
        const { organizationSlug: slug, organization: name } = entry.byline;
        orgs.set(slug, { slug, name });
      }
      if (!entry.abstract || byTitle.has(entry.title)) continue;
      const { name, subtitle } = splitTitle(entry.title);
      byTitle.set(entry.title, {
        title: entry.title,
        abstract: entry.abstract,
        ...(name ? { name } : {}),
        subtitle,
        sentences: splitSentences(entry.abstract),
      });
    }
  }
  if (byTitle.size < 10) {
    throw new Error(
      `${sourcesDir}: found ${byTitle.size} papers in ${files.length} dumps; the benchmark's generator needs at least 10. ` +
        'Point it at the default list (content/sources) or another folder of Daily Papers dumps.',
    );
  }
  return {
    papers: [...byTitle.values()],
    organizations: [...orgs.values()].sort((a, b) => a.slug.localeCompare(b.slug)),
  };
}
