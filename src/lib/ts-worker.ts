import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Starts a worker: the TypeScript hooks first, then the worker module. */
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.hooks).then(() => import(workerData.module));
`;

/**
 * A worker thread running `module`, a TypeScript module of the project, after `hooks` (a module
 * that lets Node import the project's TypeScript: scripts/support/ts-imports.ts). Both are
 * URLs named where they are known: under Astro, the config's own code is bundled elsewhere.
 * The module finds `data` in `workerData.data`. `resourceLimits` are the worker's heap's, as
 * `new Worker` takes them.
 */
export function startTsWorker(module: URL, hooks: URL, data: unknown, resourceLimits?: ResourceLimits): Worker {
  return new Worker(BOOT, { eval: true, workerData: { hooks: hooks.href, module: module.href, data }, ...(resourceLimits ? { resourceLimits } : {}) });
}
