/**
 * Loads and validates a taxonomy file (themes.yaml). Errors name the file and
 * line and say how to fix them. Ingest drafts a themes.yaml for a content root
 * without one; the project's own content/themes.yaml (defaultTaxonomyPath in
 * content-root.ts) is only the site's last resort when it builds such a root.
 */
import fs from 'node:fs';
import { TaxonomySchema, type Taxonomy } from '../../schemas/themes.ts';
import { ProblemError } from '../project/errors.ts';
import { parseYamlFile } from '../project/yaml-lines.ts';

/**
 * Parses and validates taxonomy text.
 * @param file the name shown in error messages
 * @throws ProblemError naming `file:line` on a YAML or schema error
 */
export function parseTaxonomy(text: string, file: string): Taxonomy {
  return parseYamlFile(text, file, {
    schema: TaxonomySchema,
    code: 'invalid-taxonomy',
    fix: 'fix the taxonomy (each theme needs id, title and rules with terms)',
    consequence: 'no theme was assigned',
  });
}

/**
 * Reads and validates a taxonomy file.
 * @param path the themes.yaml to read
 * @param displayFile the name shown in error messages (default: `path`)
 * @throws ProblemError when the file is missing or invalid
 */
export function loadTaxonomy(path: string, displayFile = path): Taxonomy {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new ProblemError({
      file: displayFile,
      code: 'missing-taxonomy',
      message: 'cannot read the taxonomy file',
      action: 'create it (see content/themes.yaml for the format) or remove it to use the default taxonomy',
    });
  }
  return parseTaxonomy(text, displayFile);
}
