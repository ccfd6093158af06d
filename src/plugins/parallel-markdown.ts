import type { AstroMarkdownOptions, MarkdownProcessor, MarkdownRenderer, MarkdownRenderOptions, MarkdownRenderResult } from '@astrojs/markdown-remark';
import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { parentPort, type Worker } from 'node:worker_threads';
import { startTsWorker } from '../lib/ts-worker';

/** A Markdown text for a worker (./markdown-worker.ts) to render. */
export interface RenderRequest {
  id: number;
  content: string;
  frontmatter: Record<string, unknown>;
  fileURL?: string | undefined;
}

/** A worker's answer: the rendered HTML and metadata, or the error the pipeline threw. */
export type RenderReply =
  /** `sameFrontmatter`: the pipeline returned the frontmatter object it was given, not one of its own. */
  | { id: number; code: string; metadata: MarkdownRenderResult['metadata']; sameFrontmatter: boolean; error?: undefined }
  | { id: number; error: Error; code?: undefined };

export interface ParallelOptions {
  /** The worker module (./markdown-worker.ts), which builds the same processor as `inner`. */
  module: URL;
  /** A module that lets Node import the project's TypeScript (scripts/support/ts-imports.ts). */
  hooks: URL;
  /** Worker threads; one per core by default, at most four (Astro's loader renders ten texts at a time). */
  workers?: number;
  /** Texts rendered on the main thread before the workers start. */
  startAfter?: number;
  /** Texts waiting on one worker at most; past that, the next text waits for room. */
  queue?: number;
  /** A worker idle this long stops, and gives its memory back before the pages are rendered. */
  idleMs?: number;
}

/** A running worker and the texts it has been sent. */
interface Rendering {
  worker: Worker;
  slot: number;
  pending: Map<number, { request: RenderRequest; resolve: (result: MarkdownRenderResult) => void; reject: (error: unknown) => void }>;
  idle?: NodeJS.Timeout | undefined;
}

/**
 * `inner` (our `unified()` processor), rendering on worker threads. A cold sync renders every
 * article, and rendering is most of its time (micromark, remark, rehype): on the main thread
 * alone it left the machine's second core idle. Each worker builds the same processor from the
 * same options (./markdown-worker.ts), so the HTML and metadata are the ones the main thread
 * would make; the frontmatter comes back as the same objects where unchanged, so the content
 * store is byte for byte the same. The first `startAfter` texts are rendered on the main thread
 * (an edit renders one or two; a worker takes a second to start), and so is a text that cannot
 * be sent (a value that cannot be cloned) or whose worker stops.
 */
export function parallelMarkdown<T extends object>(inner: MarkdownProcessor<T>, options: ParallelOptions): MarkdownProcessor<T> {
  const { workers = Math.min(availableParallelism(), 4), startAfter = 64, queue = 4, idleMs = 2000 } = options;
  return {
    ...inner,
    async createRenderer(shared: AstroMarkdownOptions): Promise<MarkdownRenderer> {
      const local = await inner.createRenderer(shared);
      let usable = workers > 0;
      try {
        structuredClone(shared);
      } catch {
        usable = false;
      }
      const pool: (Rendering | undefined)[] = [];
      let requested = 0;
      let nextId = 0;

      const stop = (r: Rendering, why?: unknown): void => {
        if (pool[r.slot] !== r) return;
        pool[r.slot] = undefined;
        // All idle: the next texts start on the main thread again (`astro dev` renders one at a time).
        if (pool.every((w) => w === undefined)) requested = 0;
        clearTimeout(r.idle);
        void r.worker.terminate();
        if (why !== undefined && usable) {
          usable = false;
          console.warn(`A Markdown worker stopped (${why instanceof Error ? why.message : String(why)}); rendering on the main thread`);
        }
        // What it was still to render is rendered here.
        for (const { request, resolve, reject } of r.pending.values()) local.render(request.content, renderOptions(request)).then(resolve, reject);
        madeRoom();
      };

      const start = (slot: number): Rendering => {
        const worker = startTsWorker(options.module, options.hooks, shared);
        const r: Rendering = { worker, slot, pending: new Map() };
        worker.on('message', (reply: RenderReply) => {
          const waiting = r.pending.get(reply.id);
          if (!waiting) return;
          r.pending.delete(reply.id);
          if (reply.error) waiting.reject(reply.error);
          else {
            const sent = waiting.request.frontmatter;
            const frontmatter = reply.sameFrontmatter ? sent : sameObjects(sent, reply.metadata.frontmatter);
            waiting.resolve({ code: reply.code, metadata: { ...reply.metadata, frontmatter } });
          }
          madeRoom();
          if (r.pending.size === 0) {
            worker.unref();
            r.idle = setTimeout(() => stop(r), idleMs).unref();
          }
        });
        worker.on('error', (error) => stop(r, error));
        worker.on('exit', (code) => stop(r, `exit code ${code}`));
        pool[slot] = r;
        return r;
      };

      /** Resolves when a worker has room again (a reply came, or a worker stopped). */
      let room: Promise<void> | undefined;
      let roomMade = (): void => {};
      const madeRoom = (): void => {
        roomMade();
        room = undefined;
      };
      const waitForRoom = (): Promise<void> => (room ??= new Promise((resolve) => (roomMade = resolve)));

      const send = (r: Rendering, content: string, opts: MarkdownRenderOptions): Promise<MarkdownRenderResult> => {
        const request: RenderRequest = { id: nextId++, content, frontmatter: opts.frontmatter ?? {}, fileURL: opts.fileURL?.href };
        return new Promise((resolve, reject) => {
          try {
            r.worker.postMessage(request);
          } catch {
            // Something in the frontmatter cannot be cloned.
            return void local.render(content, opts).then(resolve, reject);
          }
          clearTimeout(r.idle);
          r.worker.ref();
          r.pending.set(request.id, { request, resolve, reject });
        });
      };

      return {
        async render(content: string, opts: MarkdownRenderOptions = {}): Promise<MarkdownRenderResult> {
          requested++;
          if (requested <= startAfter) return local.render(content, opts);
          // The least busy worker with room; when none has any, this waits for one rather than
          // rendering here: the store's sync never returns to the event loop while it renders,
          // so the workers' replies would wait until the end.
          while (usable) {
            let slot = -1;
            for (let i = 0; i < workers; i++) {
              const size = pool[i]?.pending.size ?? 0;
              if (size < queue && (slot < 0 || size < (pool[slot]?.pending.size ?? 0))) slot = i;
            }
            if (slot >= 0) return send(pool[slot] ?? start(slot), content, opts);
            await waitForRoom();
          }
          return local.render(content, opts);
        },
      };
    },
  };
}

/**
 * Answers `parallelMarkdown`'s requests with `renderer`, in a worker thread's module (the
 * `module` of `ParallelOptions`, as ./markdown-worker.ts).
 */
export function serveRenderer(renderer: MarkdownRenderer): void {
  const port = parentPort;
  if (!port) throw new Error('serveRenderer runs in a worker thread');
  port.on('message', async (request: RenderRequest) => {
    let reply: RenderReply;
    try {
      const { code, metadata } = await renderer.render(request.content, renderOptions(request));
      reply = { id: request.id, code, metadata, sameFrontmatter: metadata.frontmatter === request.frontmatter };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error : new Error(String(error)) };
    }
    try {
      port.postMessage(reply);
    } catch {
      // An error with a property that cannot be cloned: its message and stack are enough.
      const { message, stack } = reply.error ?? new Error('the rendered Markdown could not be sent back');
      port.postMessage({ id: request.id, error: Object.assign(new Error(message), { stack }) } satisfies RenderReply);
    }
  });
}

function renderOptions(request: RenderRequest): MarkdownRenderOptions {
  return { frontmatter: request.frontmatter, ...(request.fileURL ? { fileURL: new URL(request.fileURL) } : {}) };
}

/**
 * The frontmatter a worker returned, with each field the pipeline left as it was replaced by the
 * object that was sent: in the main thread the returned frontmatter shares those objects with
 * the entry's data, and the content store writes a shared object once.
 */
export function sameObjects(sent: Record<string, unknown>, returned: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(returned)) {
    if (Object.hasOwn(sent, key) && returned[key] !== sent[key] && isDeepStrictEqual(returned[key], sent[key])) returned[key] = sent[key];
  }
  return returned;
}
