/**
 * A worker thread of `parallelMarkdown` (./parallel-markdown.ts): renders Markdown with the same
 * `unified()` processor and plugins as the main thread, built from the same options.
 */
import { unified } from '@astrojs/markdown-remark';
import { workerData } from 'node:worker_threads';
import { markdownOptions } from './markdown';
import { serveRenderer } from './parallel-markdown';

serveRenderer(await unified(markdownOptions).createRenderer(workerData.data));
