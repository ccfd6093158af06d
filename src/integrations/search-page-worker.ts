/** A worker thread of `PagePreparer` (./search-pages.ts): prepares built pages for the search index. */
import { workerData } from 'node:worker_threads';
import { servePages, type PrepareOptions } from './search-pages';

servePages((workerData as { data: PrepareOptions }).data);
