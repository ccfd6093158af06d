/**
 * `npm run check`: validates every file under content/ (or CONTENT_ROOT) without building the site,
 * prints every problem as `file:line:column  field  message`, and exits 1 when there is any.
 * With GITHUB_ACTIONS=true it also prints `::error file=…,line=…::` annotations.
 */
import path from 'node:path';
import { contentRoot } from '../src/lib/content-root';
import { formatReport, validateContent } from '../src/lib/validate';

const started = performance.now();
const { issues, fileCount } = validateContent({ root: contentRoot(), publicDir: path.resolve('public') });
const ms = Math.round(performance.now() - started);
const report = formatReport(issues, fileCount);
if (issues.length) {
  console.error(report);
  process.exitCode = 1;
} else {
  console.log(`${report} (${ms} ms)`);
}
