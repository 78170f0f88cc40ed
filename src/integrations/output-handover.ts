/**
 * The handover between `astro build` and the output stages' own process under `npm run build`
 * (src/integrations/output.ts, scripts/output.ts): a small JSON file in the cache folder with what only the Astro
 * process knows. Apart from the stages so that scripts/build.ts reads the variable's name without loading them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** The environment variable naming the handover file; set, the integration hands the stages over to it. */
export const OUTPUT_HANDOVER_ENV = 'READING_LIST_OUTPUT_HANDOVER';

/** What the stages need from the Astro process, as written to the handover file. */
export interface OutputHandover {
  version: 1;
  distDir: string;
  site: string | null;
  startedAt: number;
  katexClasses: string[];
}

/** Writes the handover file for scripts/output.ts. */
export async function writeHandover(file: string, handover: Omit<OutputHandover, 'version'>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const body: OutputHandover = { version: 1, ...handover };
  await fs.writeFile(file, `${JSON.stringify(body)}\n`);
}

/** Reads a handover file; throws with the file and the fix when it is missing or not one. */
export async function readHandover(file: string): Promise<OutputHandover> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(
      `${file}: no handover file: astro build ended without handing the output stages over (is output() in astro.config.mjs's integrations?)`,
    );
  }
  const handover = JSON.parse(text) as Partial<OutputHandover>;
  if (
    handover.version !== 1 ||
    typeof handover.distDir !== 'string' ||
    typeof handover.startedAt !== 'number' ||
    !Array.isArray(handover.katexClasses)
  ) {
    throw new Error(`${file}: not a handover file of this version of the build; run \`npm run build\` again.`);
  }
  return handover as OutputHandover;
}
