/**
 * `npm run ingest`: imports the Hugging Face Daily Papers dumps of a content
 * root (sources/*.txt) into one MDX file per paper (papers/<theme>/<id>.mdx),
 * keeping every byte the reader wrote. This is the only place that decides
 * the exit code: 0 when done (problems are warnings), 1 on problems under
 * --strict or when the run cannot start, 2 on a bad command line.
 */
import { parseArgs } from 'node:util';
import { resolveContentRoot } from '../src/lib/project/content-root.ts';
import { formatProblem, isProblemError } from '../src/lib/project/errors.ts';
import { formatProgress, formatReport } from '../src/lib/ingest/report.ts';
import { runIngestAsync, type Progress } from '../src/lib/ingest/run.ts';

const USAGE = `Usage: npm run ingest -- [options]

Imports sources/*.txt of the content root into papers/<theme>/<id>.mdx.

Options:
  --content DIR  content root (default: $READING_LIST_CONTENT, else ./content)
  --dry-run      report what would change, write nothing
  --strict       exit 1 if any problem was found
  --json         print the whole report as JSON on stdout
  --verbose      also list each inferred date, each write, and each known
                 problem of the default dumps that ship with the project
  --today DATE   today as YYYY-MM-DD (default: $READING_LIST_TODAY, else the clock);
                 no capture date is ever after it
  --help         show this help`;

function progressPrinter(enabled: boolean): { onProgress: (p: Progress) => void; done: () => void } {
  let shown = false;
  return {
    onProgress: (p) => {
      // Small runs finish before a progress line would help.
      if (!enabled || p.total < 50) return;
      if (p.done !== p.total && p.done % 10 !== 0) return;
      process.stderr.write(`\r${formatProgress(p)}\x1b[K`);
      shown = true;
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        content: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        today: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`ingest: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const progress = progressPrinter(Boolean(process.stderr.isTTY));
  let report;
  try {
    report = await runIngestAsync({
      contentRoot: resolveContentRoot(args.content),
      dryRun: args['dry-run'],
      ...(args.today === undefined ? {} : { today: args.today }),
      onProgress: progress.onProgress,
    });
  } catch (error) {
    progress.done();
    if (!isProblemError(error)) throw error;
    process.stderr.write(`ingest: ${formatProblem(error.problem)}\n`);
    return 1;
  }
  progress.done();
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatReport(report, { verbose: args.verbose }).join('\n')}\n`);
  return args.strict && report.problems.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
