import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { contentRoot } from '../lib/content-root';
import { formatReport, validateContent } from '../lib/validate';

/**
 * Runs the content validator (the same one as `npm run check`) before Astro reads any content.
 * Astro's own YAML reader forgives what must be refused (it turns an unquoted 2022-02-30 into
 * 2 March), and its errors stop at the first file; this reports every problem at once.
 * A build with content errors prints the report and exits 1 before anything is written;
 * the dev server only logs the report, so an editor can fix files while it runs.
 */
export default function contentCheck(): AstroIntegration {
  return {
    name: 'archive:content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const started = performance.now();
        const { issues, fileCount } = validateContent({ root: contentRoot(), publicDir: fileURLToPath(config.publicDir) });
        if (!issues.length) {
          logger.info(`${fileCount} content files valid in ${Math.round(performance.now() - started)} ms`);
          return;
        }
        const report = formatReport(issues, fileCount);
        if (command !== 'build') {
          logger.error(`\n${report}`);
          return;
        }
        // A thrown error would bury the report under Astro's stack trace; editors need only the report.
        process.stderr.write(`\n${report}\n`);
        process.exit(1);
      },
    },
  };
}
