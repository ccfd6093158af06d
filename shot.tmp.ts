import { launchBrowser } from '/work/wt/core/tests/e2e/support/browser.ts';
import { serveStatic } from '/work/wt/core/tests/e2e/support/server.ts';
const server = await serveStatic('/work/wt/core/dist');
const b = await launchBrowser();
const shots: [string, string, number, 'light'|'dark'][] = [
  ['/', 'home-desktop', 1280, 'light'],
  ['/', 'home-phone', 375, 'light'],
  ['/2022/09/01/renmin-manyi-de-shidai-dajuan/', 'article-phone', 375, 'dark'],
  ['/2022/09/01/zhigong-zinv-zoujin-kaifaqu/', 'photo-desktop', 1280, 'light'],
];
for (const [p, name, w, scheme] of shots) {
  const page = await b.newPage({ viewport: { width: w, height: 900 }, colorScheme: scheme });
  await page.goto(server.url + p);
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: name !== 'article-phone' });
  await page.close();
}
await b.close(); await server.close();
