// Under `astro dev` a save that changes only a paper's notes is kept out of the content layer's data store
// (src/lib/dev/saved-notes.ts): the store wrapper the loader writes through, against a store that records calls.
import type { DataStore } from 'astro/loaders';
import { describe, expect, it } from 'vitest';
import { onNotesSaved, savedNotes, savedNotesVersion, storeKeepingNotesApart } from '../../src/lib/dev/saved-notes.ts';

type Entry = Parameters<DataStore['set']>[0];

/** A data store in memory that counts the entries set through it. */
function memoryStore(): { store: DataStore; sets: Entry[] } {
  const entries = new Map<string, Entry>();
  const sets: Entry[] = [];
  const store = {
    get: (id: string) => entries.get(id),
    set: (entry: Entry) => {
      sets.push(entry);
      entries.set(entry.id, entry);
      return true;
    },
    delete: (id: string) => void entries.delete(id),
    has: (id: string) => entries.has(id),
    keys: () => [...entries.keys()],
    values: () => [...entries.values()],
    entries: () => [...entries.entries()],
    clear: () => entries.clear(),
    addModuleImport: () => undefined,
  } as unknown as DataStore;
  return { store, sets };
}

const paper = (id: string, body: string, digest: string, title = 'A title'): Entry => ({
  id,
  data: { title, date: new Date('2024-06-01'), themes: ['other'] },
  body,
  digest,
  filePath: `content/papers/other/${id}.mdx`,
  deferredRender: true,
});

describe('the dev store wrapper', () => {
  it('stores a new paper, without a module for the content layer to compile', () => {
    const { store, sets } = memoryStore();
    storeKeepingNotesApart(store).set(paper('p-new', '', 'd1'));
    expect(sets).toHaveLength(1);
    expect(sets[0]!.deferredRender).toBe(false);
    expect(savedNotes('p-new')).toBeUndefined();
  });

  it('keeps a change of notes alone out of the store, tells the listener, and brings the loader up to date', () => {
    const { store, sets } = memoryStore();
    const wrapped = storeKeepingNotesApart(store);
    const heard: string[] = [];
    onNotesSaved((filePath, id) => heard.push(`${id} ${filePath}`));
    wrapped.set(paper('p-notes', '', 'd1'));
    const version = savedNotesVersion();

    expect(wrapped.set(paper('p-notes', 'First notes.', 'd2'))).toBe(true);
    expect(sets).toHaveLength(1);
    expect(savedNotes('p-notes')).toEqual({ body: 'First notes.', digest: 'd2' });
    expect(savedNotesVersion()).toBe(version + 1);
    expect(heard).toEqual(['p-notes content/papers/other/p-notes.mdx']);
    // The loader skips a file whose digest equals the stored one: it must see the file as it now is.
    expect(store.get('p-notes')).toMatchObject({ body: 'First notes.', digest: 'd2' });

    // The same bytes again: nothing to tell.
    expect(wrapped.set(paper('p-notes', 'First notes.', 'd2'))).toBe(false);
    expect(savedNotesVersion()).toBe(version + 1);
    expect(heard).toHaveLength(1);
  });

  it('stores a change of frontmatter as the loader gives it, the notes kept apart brought up to date with it', () => {
    const { store, sets } = memoryStore();
    const wrapped = storeKeepingNotesApart(store);
    wrapped.set(paper('p-front', '', 'd1'));
    wrapped.set(paper('p-front', 'Notes.', 'd2'));
    expect(savedNotes('p-front')).toBeDefined();
    const version = savedNotesVersion();

    // The pages read the store's file, written after a pause: until then the notes kept apart are the newest.
    wrapped.set(paper('p-front', 'Notes, again.', 'd3', 'A new title'));
    expect(sets).toHaveLength(2);
    expect(sets[1]).toMatchObject({ body: 'Notes, again.', digest: 'd3', data: { title: 'A new title' } });
    expect(savedNotes('p-front')).toEqual({ body: 'Notes, again.', digest: 'd3' });
    expect(savedNotesVersion()).toBe(version + 1);

    // A paper with no notes kept apart is stored and nothing else.
    wrapped.set(paper('p-front-2', '', 'd1'));
    wrapped.set(paper('p-front-2', '', 'd2', 'Another title'));
    expect(savedNotes('p-front-2')).toBeUndefined();
    expect(savedNotesVersion()).toBe(version + 1);
  });

  it('tells a change of date apart from an equal date (frontmatter compared by value)', () => {
    const { store, sets } = memoryStore();
    const wrapped = storeKeepingNotesApart(store);
    wrapped.set(paper('p-date', '', 'd1'));
    wrapped.set({
      ...paper('p-date', '', 'd2'),
      data: { ...paper('p-date', '', 'd2').data, date: new Date('2024-06-02') },
    });
    expect(sets).toHaveLength(2);
  });

  it('forgets the notes kept apart of a deleted paper', () => {
    const { store } = memoryStore();
    const wrapped = storeKeepingNotesApart(store);
    wrapped.set(paper('p-gone', '', 'd1'));
    wrapped.set(paper('p-gone', 'Notes.', 'd2'));
    const version = savedNotesVersion();
    wrapped.delete('p-gone');
    expect(savedNotes('p-gone')).toBeUndefined();
    expect(savedNotesVersion()).toBe(version + 1);
    expect(store.get('p-gone')).toBeUndefined();
  });
});
