/**
 * Which paper file names can be ids, and how to fix one that cannot. A paper's id is its file name without
 * `.mdx`, and it becomes a URL and a file of the built site, so it must be a slug (`kv-cache-eviction`): a
 * name such as `My Paper.mdx`, `what?.mdx`, `c#%20sharp.mdx`, `Foo.mdx` (beside `foo.mdx` on a
 * case-insensitive disk) or an accented name in decomposed form (NFD, as macOS may write it) is not. Windows
 * refuses device names (`con`, `nul`, `aux`, `com1`…) as file names whatever the extension, so a list with one
 * cannot be checked out, synced or unzipped there. Pure: names in, problems out; ingest and the site build
 * both use it.
 */
import { slugify } from '../text/slug.ts';

/** A valid id: what SlugSchema (src/schemas/paper.ts) accepts. */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Names Windows reserves for devices, with any extension (`con.mdx` is the console there). */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** True for a name Windows refuses as a file name (the part before the first dot decides). */
export function isWindowsReserved(id: string): boolean {
  return WINDOWS_RESERVED.test(id.split('.')[0]!.trim());
}

export interface NameProblem {
  /** What is wrong with the name. */
  message: string;
  /** The rename that fixes it. */
  fix: string;
}

/** The slug a bad file name should become; `paper` when nothing usable is left. */
export function suggestedId(base: string): string {
  const slug = slugify(base.normalize('NFC')) || 'paper';
  return isWindowsReserved(slug) ? `${slug}-paper` : slug;
}

/**
 * The problem with a paper file's name, if any.
 * @param name the file name, e.g. `My Paper.mdx`
 */
export function paperNameProblem(name: string): NameProblem | undefined {
  const base = name.replace(/\.mdx$/, '');
  if (!ID.test(base)) {
    const why =
      base.normalize('NFC') !== base
        ? 'is written in decomposed Unicode (NFD) and is not a valid paper id'
        : base.toLowerCase() !== base && ID.test(base.toLowerCase())
          ? 'has capital letters: ids are lower-case, and on a case-insensitive disk it clashes with its lower-case twin'
          : 'is not a valid paper id';
    return {
      message: `the file name "${name}" ${why} (ids are lower-case letters, digits and single hyphens)`,
      fix: `rename it to ${suggestedId(base)}.mdx`,
    };
  }
  if (isWindowsReserved(base))
    return {
      message: `the file name "${name}" is a device name on Windows, where the list could not be checked out or synced`,
      fix: `rename it to ${suggestedId(base)}.mdx`,
    };
  return undefined;
}
