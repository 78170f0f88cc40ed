/**
 * For the static build: a content loader whose papers without notes (an empty
 * or blank MDX body, as ingest leaves a new paper) are stored without
 * `deferredRender`, so Astro lists no MDX module for them and the bundler
 * compiles none. Their page shows no notes (src/content.ts renderNotes never
 * renders an empty body), so nothing they would produce is lost; a paper with
 * notes is stored as the loader stores it.
 *
 * The glob loader stores each entry through `context.store.set`, with
 * `deferredRender: true` for MDX; Astro lists the module of every entry so
 * stored, and only those (`.astro/content-modules.mjs`).
 * Under `astro dev` the loader is left as it is: notes written into an empty
 * paper while the server runs must compile.
 */
import type { DataStore, Loader, LoaderContext } from 'astro/loaders';

/** True when an MDX body holds no notes: nothing but white space. */
export function isEmptyNotes(body: string | undefined): boolean {
  return (body ?? '').trim() === '';
}

/** The store with entries of empty notes set without a module to compile. */
export function storeWithoutEmptyNoteModules(store: DataStore): DataStore {
  return {
    ...store,
    set: (entry) =>
      store.set(entry.deferredRender && isEmptyNotes(entry.body) ? { ...entry, deferredRender: false } : entry),
  };
}

export function withoutEmptyNoteModules(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) => loader.load({ ...context, store: storeWithoutEmptyNoteModules(context.store) }),
  };
}
