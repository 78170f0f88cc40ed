/**
 * Writes docs/papers-json.schema.json, the published JSON Schema of the
 * papers.json export, from its one definition in src/lib/export/papers-json.ts.
 * Run after changing that shape: `node scripts/papers-json-schema.ts`.
 */
import path from 'node:path';
import { projectPath } from '../src/lib/project/content-root.ts';
import { writeFileAtomic } from '../src/lib/fs/files.ts';
import { papersJsonSchema } from '../src/lib/export/papers-json.ts';

const file = projectPath('docs', 'papers-json.schema.json');
writeFileAtomic(file, `${JSON.stringify(papersJsonSchema(), null, 2)}\n`);
console.log(path.relative(process.cwd(), file));
