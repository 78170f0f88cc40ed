/**
 * The build's output stages (src/integrations/output.ts) in a process of their own: `npm run build`
 * (scripts/build.ts) runs this once `astro build` has exited, with the handover file the integration wrote there.
 * Removes the handover file, whatever the outcome; a failing stage prints its message and exits 1.
 *
 *   node scripts/output.ts <handover file>
 */
import fs from 'node:fs/promises';
import {
  contextFromHandover,
  formatStageError,
  OUTPUT_STAGES,
  runOutputStages,
  stageLogger,
} from '../src/integrations/output.ts';
import { readHandover } from '../src/integrations/output-handover.ts';

async function main(argv: string[]): Promise<number> {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: node scripts/output.ts <handover file> (npm run build runs it)\n');
    return 2;
  }
  try {
    const handover = await readHandover(file);
    await fs.rm(file, { force: true });
    await runOutputStages(OUTPUT_STAGES, contextFromHandover(handover, stageLogger()));
    return 0;
  } catch (error) {
    process.stderr.write(`${formatStageError(error)}\n`);
    return 1;
  } finally {
    await fs.rm(file, { force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
