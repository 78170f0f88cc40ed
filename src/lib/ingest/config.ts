/**
 * Reads <content root>/ingest.yaml (optional): per-dump capture years.
 * Errors name the file and line.
 */
import { IngestConfigSchema, type IngestConfig } from '../../schemas/ingest-config.ts';
import { parseYamlFile } from '../project/yaml-lines.ts';

/**
 * Parses and validates ingest.yaml text (undefined text: no file, defaults).
 * @throws ProblemError naming `file:line`
 */
export function parseIngestConfig(text: string | undefined, file: string): IngestConfig {
  if (text === undefined) return IngestConfigSchema.parse({});
  return parseYamlFile(text, file, {
    schema: IngestConfigSchema,
    code: 'invalid-ingest-config',
    fix: 'fix ingest.yaml (e.g. "captureYear: { 000_dump.txt: 2025 }")',
    consequence: 'nothing was imported',
    empty: {},
  });
}
