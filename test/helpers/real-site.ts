/**
 * The project's real reading list in a temporary content root: a copy of
 * content/ (dumps, themes.yaml, the papers and their notes) brought up to
 * date by the project's own ingest, so tests see the default list whether or
 * not content/papers/ has been generated yet. Ingest never touches a reader's
 * notes, so a copy that is already up to date stays byte-identical.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_CONTENT, PROJECT_ROOT, makeContentRoot } from './site.ts';

function nodeBinary(): string {
  const pinned = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

/** Runs `npm run ingest` on a content root; throws with its output when it fails. */
export async function ingest(contentRoot: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary(), [path.join(PROJECT_ROOT, 'scripts', 'ingest.ts'), '--content', contentRoot], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`ingest of ${contentRoot} failed (exit ${code}):\n${text}`)),
    );
  });
}

/** A temporary copy of the real reading list, ingested from its dumps. */
export async function realContentRoot(): Promise<string> {
  const root = await makeContentRoot({ from: PROJECT_CONTENT, skipSources: false });
  await ingest(root);
  return root;
}
