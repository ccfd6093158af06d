import { chromium } from 'playwright-core';
import http from 'node:http'; import fs from 'node:fs'; import path from 'node:path';
const root = '/work/wt/core/dist';
const server = http.createServer((req, res) => { let f = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)); if (fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html'); if (!fs.existsSync(f)) { res.writeHead(404); return res.end(); } res.writeHead(200, {'content-type': f.endsWith('.html') ? 'text/html; charset=utf-8' : f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : f.endsWith('.wasm') ? 'application/wasm':'application/octet-stream'}); fs.createReadStream(f).pipe(res); });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const shots = JSON.parse(process.argv[2]);
for (const [p, name, w, scheme, full] of shots) {
  const page = await b.newPage({ viewport: { width: w, height: 900 }, colorScheme: scheme });
  await page.goto(url + p); await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: !!full });
  await page.close();
}
await b.close(); server.close();
