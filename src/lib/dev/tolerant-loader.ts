/**
 * Under `astro dev`: a content loader that reads a paper whose frontmatter is
 * not valid YAML as a paper with no keys (the schema's stand-ins), instead of
 * stopping the dev server. The paper's page then names the YAML error with its
 * file, line and fix (src/lib/dev/frontmatter-problems.ts). A build never uses it.
 *
 * The glob loader reads each file through the entry type of its extension
 * (`entryTypes`, handed to loaders by Astro's content layer though not in its
 * public type); this wraps each entry type's frontmatter reading.
 */
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { splitFrontmatter } from '../ingest/frontmatter.ts';
import { PaperSchema } from '../../schemas/paper.ts';
import { lastingMap } from '../site/lasting-cache.ts';

/**
 * The files this loader read whose frontmatter is not YAML or breaks the schema, by path, until
 * `takeFlaggedFiles` takes them: the dev server names them in the terminal once the content layer has read the
 * list, without parsing every file a second time (src/integrations/dev-workbench.ts).
 */
const flagged = lastingMap<string, true>('frontmatter-flagged');

/** The files flagged since the last call, sorted; the list starts over. */
export function takeFlaggedFiles(): string[] {
  const files = [...flagged.keys()].sort();
  flagged.clear();
  return files;
}

function flag(fileUrl: URL): void {
  try {
    flagged.set(fileURLToPath(fileUrl), true);
  } catch {
    // not a file URL: nothing to name
  }
}

interface EntryType {
  getEntryInfo(params: { fileUrl: URL; contents: string }): unknown;
}

/** The text after the frontmatter's closing fence, or all of it when there is none. */
function bodyOf(contents: string): string {
  const split = splitFrontmatter(new TextEncoder().encode(contents));
  return split.ok ? new TextDecoder().decode(split.split.body) : contents;
}

function tolerant(type: EntryType): EntryType {
  return {
    ...type,
    getEntryInfo: async (params) => {
      try {
        const info = await type.getEntryInfo(params);
        const data = (info as { data?: unknown } | undefined)?.data;
        if (!PaperSchema.safeParse(data ?? {}).success) flag(params.fileUrl);
        return info;
      } catch {
        flag(params.fileUrl);
        return { data: {}, body: bodyOf(params.contents), slug: '', rawData: '' };
      }
    },
  };
}

export function tolerantLoader(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) => {
      const types = (context as LoaderContext & { entryTypes?: Map<string, EntryType> }).entryTypes;
      if (!types) return loader.load(context);
      const entryTypes = new Map([...types].map(([extension, type]) => [extension, tolerant(type)]));
      return loader.load({ ...context, entryTypes } as LoaderContext);
    },
  };
}
