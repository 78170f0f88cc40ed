/**
 * Under `astro dev`: notes reach the page without a trip through Astro's data
 * store.
 *
 * The content layer keeps every paper in one data store. Any change to it is
 * written to disk whole after a pause, and Vite then loads the whole store
 * again as one module before the next page can render: at 10,000 papers that
 * takes seconds, and it grows with the list, not with the change. A save that
 * changes only a paper's notes (the MDX body; its frontmatter reads the same)
 * does not need it:
 *
 * - the store is left as it is on disk; only the entry's body and digest are
 *   brought up to date in the loader's memory, so the loader still sees the
 *   file as read;
 * - the notes are kept here, with a version number that every save bumps, for
 *   src/content.ts to read in place of the store's body (links between notes,
 *   related papers, search records);
 * - the dev server is told (`onNotesSaved`), and reloads the open pages.
 *
 * A save that changes the frontmatter goes through the store as before (a paper's notes
 * already kept apart stay kept, brought up to date: the pages see the store only once its file is written). The
 * paper pages import a paper's MDX file themselves under `astro dev`
 * (src/content.ts renderNotes), so no entry is stored for the content layer's
 * list of modules to compile: a list of every paper would be resolved module by
 * module when the first page renders.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DataStore, Loader, LoaderContext } from 'astro/loaders';
import { lastingMap } from '../site/lasting-cache.ts';

/** A paper's notes as last saved, when only they changed since the store took the paper. */
export interface SavedNotes {
  body: string;
  digest: string | undefined;
}

const saved = lastingMap<string, SavedNotes>('saved-notes');
const state = lastingMap<'version', number>('saved-notes-version');
const listeners = lastingMap<'listener', (filePath: string, id: string) => void>('saved-notes-listener');

/** A number that changes with every save that changed only notes. */
export function savedNotesVersion(): number {
  return state.get('version') ?? 0;
}

/** The paper's notes as last saved, when they are newer than the store's. */
export function savedNotes(id: string): SavedNotes | undefined {
  return saved.get(id);
}

/**
 * Called with the file (its path as the content layer stores it, relative to the project) and the paper's id
 * after each save that changed only notes. One listener: a new one replaces the last (a restarted server).
 */
export function onNotesSaved(listener: (filePath: string, id: string) => void): void {
  listeners.set('listener', listener);
}

type Entry = Parameters<DataStore['set']>[0];

/** True when the new entry differs from the stored one only in its body and digest. */
function onlyNotesChanged(stored: Entry | undefined, next: Entry): stored is Entry {
  return (
    stored !== undefined &&
    stored.filePath === next.filePath &&
    Boolean(stored.deferredRender) === Boolean(next.deferredRender) &&
    stored.rendered === undefined &&
    next.rendered === undefined &&
    isDeepStrictEqual(stored.data, next.data)
  );
}

/** Keeps the entry's notes apart from the store, and bumps the version. */
function keepApart(entry: Entry): void {
  saved.set(entry.id, {
    body: entry.body ?? '',
    digest: entry.digest === undefined ? undefined : String(entry.digest),
  });
  state.set('version', savedNotesVersion() + 1);
}

/**
 * The store the loader writes through under `astro dev`: entries without a module to compile, and a change of
 * notes alone kept out of the data store (see above). Anything else is stored as the loader stores it.
 */
export function storeKeepingNotesApart(store: DataStore): DataStore {
  return {
    ...store,
    set: (entry) => {
      const next: Entry = { ...entry, deferredRender: false };
      const stored = store.get(next.id) as Entry | undefined;
      if (!onlyNotesChanged(stored, next)) {
        // The pages read the store from its file, written after a pause: until then these notes, kept apart, are
        // the newest the pages can see (and equal to what the file will hold), so they are kept, not dropped.
        if (saved.has(next.id)) keepApart(next);
        return store.set(next);
      }
      if (stored.body === next.body && stored.digest === next.digest) return false;
      // The loader compares a file's digest with the stored one to skip an unchanged file; it must see this save.
      Object.assign(stored, { body: next.body, digest: next.digest });
      keepApart(next);
      if (next.filePath) listeners.get('listener')?.(next.filePath, next.id);
      return true;
    },
    delete: (key) => {
      if (saved.delete(key)) state.set('version', savedNotesVersion() + 1);
      store.delete(key);
    },
  };
}

export function keepingNotesApart(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) => loader.load({ ...context, store: storeKeepingNotesApart(context.store) }),
  };
}
