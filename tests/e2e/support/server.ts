import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** URL prefixes served from other folders, e.g. `{ '/pagefind/': '/tmp/bundle' }` (benchmarks swap indexes). */
  mounts?: Record<string, string>;
  /** Gzip text responses as a production host would, so measured transfer sizes are realistic. */
  gzip?: boolean;
  /** A `Cache-Control` header for every response, as a host sends (GitHub Pages: `max-age=600`); none by default. */
  cacheControl?: string;
  /** Called with each request's path and query as it arrives. */
  onRequest?: (url: string) => void;
}

/** Serves a built site folder on 127.0.0.1 like a static host: directory index.html, 404.html for misses. */
export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    options.onRequest?.(req.url ?? '/');
    if (options.cacheControl) res.setHeader('cache-control', options.cacheControl);
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const mount = Object.keys(options.mounts ?? {}).find((prefix) => pathname.startsWith(prefix));
    const folder = mount ? options.mounts![mount]! : root;
    let file = path.join(folder, mount ? pathname.slice(mount.length) : pathname);
    if (!file.startsWith(folder)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = path.join(root, '404.html');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (options.gzip && /^(text\/|application\/(json|xml|wasm))/.test(type)) {
      res.writeHead(status, { 'content-type': type, 'content-encoding': 'gzip' });
      createReadStream(file).pipe(createGzip()).pipe(res);
      return;
    }
    res.writeHead(status, { 'content-type': type });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
