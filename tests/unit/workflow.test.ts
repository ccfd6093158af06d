/** The GitHub Actions workflow parses and has the jobs and steps the project relies on. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { needs?: string; if?: string; permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync('.github/workflows/ci.yml', 'utf8'), { strict: true, uniqueKeys: true }) as Workflow;
const steps = workflow.jobs.test?.steps ?? [];
const uses = (action: string) => steps.find((s) => s.uses?.startsWith(`${action}@`));
const runIndex = (command: string) => steps.findIndex((s) => s.run?.trim() === command);

describe('.github/workflows/ci.yml', () => {
  it('runs on every push and pull request', () => expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']));

  it('takes Node from .nvmrc with the npm cache', () => {
    expect(uses('actions/setup-node')?.with).toMatchObject({ 'node-version-file': '.nvmrc', cache: 'npm' });
  });

  it('keeps the Astro cache between runs', () => {
    expect(String(uses('actions/cache')?.with?.path)).toContain('node_modules/.astro');
  });

  it('gives the Pages build (another site address, which the incremental cache is keyed on) a cache of its own, kept too', () => {
    const pagesBuild = steps.find((s) => s.run?.trim() === 'npm run build' && s.env?.SITE_URL);
    expect(pagesBuild?.env?.ASTRO_CACHE_DIR).toBe('node_modules/.astro-pages');
    expect(String(uses('actions/cache')?.with?.path).split('\n')).toContain('node_modules/.astro-pages');
  });

  it('restores the Astro cache only for the same rendering code (Astro reuses stored HTML of unchanged files)', () => {
    const cache = uses('actions/cache')?.with ?? {};
    const keys = [String(cache.key), ...String(cache['restore-keys']).split('\n').filter((k) => k.trim())];
    for (const k of keys) for (const code of ['astro.config.ts', 'src/plugins/**', 'src/lib/**', 'src/schemas/**', 'patches/**']) expect(k).toContain(code);
  });

  it('installs, checks the content, then runs the tests and the build, in that order', () => {
    const order = [runIndex('npm ci --no-audit --no-fund'), runIndex('npm run check'), runIndex('npm test')];
    expect(order.every((i) => i >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.test).toMatch(/vitest run --project unit.*npm run build.*vitest run --project e2e/);
  });

  it('publishes dist/ to GitHub Pages only from the default branch, after the tests', () => {
    expect(uses('actions/upload-pages-artifact')?.with?.path).toBe('dist');
    const deploy = workflow.jobs.deploy!;
    expect(deploy.needs).toBe('test');
    expect(deploy.if).toContain('github.event.repository.default_branch');
    expect(deploy.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(deploy.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });
});
