/**
 * `npm run check` on tests/fixtures/broken-content/, a folder in which each file holds one kind of
 * mistake: every one must be reported with its file, line and field, all in one run.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const FIXTURE = 'tests/fixtures/broken-content';

function runCheck(env: Record<string, string>) {
  const r = spawnSync('npm', ['run', '--silent', 'check'], { env: { ...process.env, GITHUB_ACTIONS: '', ...env }, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const broken = runCheck({ CONTENT_ROOT: FIXTURE });
const reported = broken.out
  .split('\n')
  .map((l) => /^(\S+):(\d+):(\d+) {2}(\S+) {2}(.+)$/.exec(l))
  .filter((m) => m !== null)
  .map((m) => ({ file: m[1]!.slice(FIXTURE.length + 1), line: Number(m[2]), column: Number(m[3]), field: m[4]!, message: m[5]! }));

describe('npm run check on a folder of mistakes', () => {
  // kind of mistake, file, line, field, a fragment of the message
  it.each([
    ['unknown kind, with a suggestion', 'articles/2022-09-01/unknown-kind.md', 5, 'kind', 'did you mean `brief`?'],
    ['unknown field, with a suggestion', 'articles/2022-09-01/unknown-field.md', 6, 'headlin', 'did you mean `headline`?'],
    ['missing required field', 'articles/2022-09-01/unknown-field.md', 2, 'headline', 'expected a headline'],
    ['empty headline', 'articles/2022-09-01/empty-headline.md', 6, 'headline', '不能为空'],
    ['wrong type', 'articles/2022-09-01/bad-order.md', 4, 'order', 'expected a number, got "first"'],
    ['YAML syntax error', 'articles/2022-09-01/bad-yaml.md', 6, '(yaml)', 'YAML syntax'],
    ['duplicate key', 'articles/2022-09-01/duplicate-key.md', 7, '(yaml)', 'unique'],
    ['frontmatter that is not a mapping', 'articles/2022-09-01/list-frontmatter.md', 2, '(file)', 'got a list'],
    ['not UTF-8', 'articles/2022-09-01/gbk-encoded.md', 6, '(file)', 'not UTF-8'],
    ['slug not ASCII kebab-case', 'articles/2022-09-01/Not_Kebab.md', 1, 'slug', 'not-kebab.md'],
    ['duplicate permalink (first file)', 'articles/2022-09-01/duplicate-a.md', 7, 'slug', 'duplicate-b.md'],
    ['duplicate permalink (second file)', 'articles/2022-09-01/duplicate-b.md', 7, 'slug', 'duplicate-a.md'],
    ['unknown page, with a suggestion', 'articles/2022-09-01/no-page.md', 3, 'page', 'did you mean `jingkaiqu`?'],
    ['edition that does not exist', 'articles/2022-09-05/no-edition.md', 2, 'edition', 'no edition 2022-09-05'],
    ['article filed under another edition', 'articles/2022-09-01/wrong-folder.md', 2, 'edition', 'in folder articles/2022-09-01/'],
    ['person that does not exist', 'articles/2022-09-01/missing-person.md', 8, 'people[0].person', 'no person "nobody-here"'],
    ['missing image file', 'articles/2022-09-01/missing-image.md', 9, 'photos[0].src', 'image file not found'],
    ['article dated after its edition', 'articles/2022-09-01/dateline-after.md', 7, 'dateline', 'after the edition'],
    ['link between articles that points nowhere', 'articles/2022-09-01/dead-link.md', 9, '(body)', '/2022/09/01/no-such-article/'],
    ['date that does not exist', 'editions/2022-02-30.yaml', 2, 'date', 'real date'],
    ['edition file named after no real date', 'editions/2022-02-30.yaml', 1, '(file)', 'not a real date'],
    ['edition date that differs from its file name', 'editions/2022-09-02.yaml', 1, 'date', 'does not match the file name'],
    ['value outside a list, with a suggestion', 'people/zhou-maijun.yaml', 3, 'region', 'did you mean `安徽省`?'],
    ['Markdown file outside the expected folders', 'stray-article.md', 1, '(file)', 'outside the expected folders'],
  ])('%s: %s:%i %s', (_kind, file, line, field, fragment) => {
    const hit = reported.find((r) => r.file === file && r.line === line && r.field === field);
    expect(hit, `no report for ${file}:${line} ${field} in:\n${broken.out}`).toBeDefined();
    expect(hit!.message).toContain(fragment);
    expect(hit!.column).toBeGreaterThan(0);
  });

  it('reports them all in one run, nothing else, and exits non-zero', () => {
    expect(broken.status).toBe(1);
    expect(reported).toHaveLength(25); // the 24 above plus the page error that follows wrong-folder.md's edition
    expect(broken.out).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  });

  it('prints GitHub Actions annotations on the offending file and line when GITHUB_ACTIONS=true', () => {
    const { out } = runCheck({ CONTENT_ROOT: FIXTURE, GITHUB_ACTIONS: 'true' });
    expect(out).toContain(`::error file=${FIXTURE}/articles/2022-09-01/unknown-kind.md,line=5,col=7,title=kind::"brif" is not allowed`);
  });

  it('passes the real content', () => {
    const ok = runCheck({});
    expect(ok.out).toContain('内容检查通过');
    expect(ok.status).toBe(0);
  });
});
