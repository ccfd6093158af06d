import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface BuildRun {
  child: ChildProcess;
  /** Resolves when the build process ends, with everything it printed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/** Vite's `import.meta.env` names, which the test runner sets in its own process.env. */
const VITE_ENV = new Set(['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']);

/**
 * Starts a real `astro build` of this project into `outDir` (not the project's dist/), with the
 * isolated test config and the given environment (CONTENT_ROOT, ASTRO_CACHE_DIR, …).
 */
export function startBuild(outDir: string, env: Record<string, string> = {}): BuildRun {
  // Vitest mirrors its own import.meta.env into process.env (BASE_URL "/" among them); a build
  // that inherited them would render every link for the base "/", whatever BASE_PATH says.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !VITE_ENV.has(name)));
  const child = spawn(
    process.execPath,
    [path.resolve('node_modules/astro/bin/astro.mjs'), 'build', '--config', 'tests/fixtures/build/isolated.config.ts', '--outDir', outDir],
    { env: { ...inherited, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, done };
}
