/**
 * Reads <content root>/ingest.yaml (optional): per-dump capture years.
 * Errors name the file and line.
 */
import { IngestConfigSchema, type IngestConfig } from '../../schemas/ingest-config.ts';
import { ProblemError } from '../errors.ts';
import { formatPath, issuePath, lineOfPath, parseYamlWithLines, yamlData, yamlSyntaxProblems } from '../yaml-lines.ts';

/**
 * Parses and validates ingest.yaml text (undefined text: no file, defaults).
 * @throws ProblemError naming `file:line`
 */
export function parseIngestConfig(text: string | undefined, file: string): IngestConfig {
  if (text === undefined) return IngestConfigSchema.parse({});
  const parsed = parseYamlWithLines(text);
  const [syntax] = yamlSyntaxProblems(parsed, file, 'fix the YAML; nothing was imported');
  if (syntax) throw new ProblemError(syntax);
  const data = yamlData(parsed);
  if (!data.ok) {
    throw new ProblemError({
      file,
      line: data.line,
      code: 'yaml-alias',
      message: data.message,
      action: 'write the value out in full instead of the alias; nothing was imported',
    });
  }
  const result = IngestConfigSchema.safeParse(data.value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ProblemError({
    file,
    line: lineOfPath(parsed, issuePath(issue)),
    code: 'invalid-ingest-config',
    message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
    action: 'fix ingest.yaml (e.g. "captureYear: { 000_dump.txt: 2025 }"); nothing was imported',
  });
}
