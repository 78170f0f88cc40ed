/**
 * `npm run enrich`: finds arXiv ids for papers that came from text dumps, by
 * exact title match in Hugging Face's paper search, and fills the ingest-owned
 * keys through ingest (src/lib/enrich/enrich.ts says how). Resumable, cached in the
 * content root, one request at a time. Offline, it says so in one line and
 * changes nothing. Exit code: 0 when done (unmatched titles are reported, not
 * errors), 1 when the run could not start, 2 on a bad command line.
 */
import { parseArgs } from 'node:util';
import { resolveContentRoot } from '../src/lib/project/content-root.ts';
import { formatEnrichSummary, runEnrich } from '../src/lib/enrich/enrich.ts';
import { formatProblem } from '../src/lib/project/errors.ts';
import { DEFAULT_ENDPOINT, HfApi } from '../src/lib/enrich/hf-api.ts';
import { formatReport } from '../src/lib/ingest/report.ts';

const USAGE = `Usage: npm run enrich -- [options]

Finds the arXiv ids of papers from text dumps (exact title match in Hugging Face's paper search),
then runs ingest so their files get arxiv, authorNames, code and project.

Options:
  --content DIR    content root (default: $READING_LIST_CONTENT, else ./content)
  --endpoint URL   API server (default: ${DEFAULT_ENDPOINT})
  --delay MS       least time between two requests (default: 1000)
  --timeout MS     time allowed for one answer (default: 20000)
  --backoff MS     first pause before asking again after a 5xx, a timeout or an unreadable answer
                   (default: 2000; doubles each time, 4 attempts)
  --verbose        list every title without a match, and ingest's report
  --help           show this help`;

function number(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${option} "${value}" is not a number of milliseconds`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let values;
  let api: HfApi;
  try {
    values = parseArgs({
      args: argv,
      options: {
        content: { type: 'string' },
        endpoint: { type: 'string' },
        delay: { type: 'string' },
        timeout: { type: 'string' },
        backoff: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
    if (values.endpoint !== undefined && !/^https?:\/\/[^/]/u.test(values.endpoint))
      throw new Error(`--endpoint "${values.endpoint}" is not a web address such as http://127.0.0.1:8123`);
    api = new HfApi({
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      delayMs: number(values.delay, '--delay', 1000),
      timeoutMs: number(values.timeout, '--timeout', 20000),
      backoffMs: number(values.backoff, '--backoff', 2000),
    });
  } catch (error) {
    process.stderr.write(`enrich: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const tty = Boolean(process.stderr.isTTY);
  let shown = false;
  const report = await runEnrich({
    contentRoot: resolveContentRoot(values.content),
    api,
    onProgress: ({ done, total, found }) => {
      if (total === 0) return;
      if (tty) {
        process.stderr.write(`\renrich: ${done}/${total} titles, ${found} found\x1b[K`);
        shown = true;
      } else if (done === total || done % 25 === 0) {
        process.stderr.write(`enrich: ${done}/${total} titles, ${found} found\n`);
      }
    },
  });
  if (shown) process.stderr.write('\r\x1b[K');
  const stop = report.problems.find((p) => p.code === 'missing-content-root' || p.code === 'no-papers');
  if (stop) {
    process.stderr.write(`enrich: ${formatProblem(stop)}\n`);
    return stop.code === 'missing-content-root' ? 1 : 0;
  }
  for (const problem of report.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  for (const problem of report.failed) process.stderr.write(`${formatProblem(problem)}\n`);
  if (values.verbose) for (const problem of report.unmatched) process.stderr.write(`${formatProblem(problem)}\n`);
  else if (report.unmatched.length > 0)
    process.stderr.write(
      `${report.unmatched.length} title${report.unmatched.length === 1 ? '' : 's'} without an exact match (left as they are; --verbose lists them)\n`,
    );
  if (report.ingest && values.verbose) process.stderr.write(`${formatReport(report.ingest).join('\n')}\n`);
  process.stdout.write(`${formatEnrichSummary(report)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
