/**
 * Schema of <content root>/ingest.yaml, the optional per-content-root settings
 * of ingest. Today it holds one thing: the capture year of a dump, when the
 * inferred one is wrong.
 *
 * ```yaml
 * captureYear:
 *   004_cd041472dc158a1d.txt: 2025
 * ```
 */
import { z } from 'astro/zod';

export const IngestConfigSchema = z
  .object({
    /**
     * Capture year per dump file name. Wins over the inferred year (the least
     * year after every explicit year in the dump). Default: none.
     */
    captureYear: z
      .record(z.string().min(1), z.number().int().min(1900, 'a year such as 2025').max(9999, 'a year such as 2025'))
      .default({}),
  })
  .strict();

export type IngestConfig = z.output<typeof IngestConfigSchema>;
