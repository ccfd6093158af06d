import { describe, expect, it } from 'vitest';
import { datelineAfter, internalLinks, splitFrontmatter } from '~/lib/validate/validate-content';
import { suggestClosest } from '~/lib/validate/suggest';
import { formatGithubAnnotation, formatIssue } from '~/lib/validate/report';

describe('suggestClosest', () => {
  it.each([
    ['brif', ['feature', 'brief', 'photo'], 'brief'],
    ['headlin', ['headline', 'kicker'], 'headline'],
    ['Kind', ['kind', 'order'], 'kind'],
    ['安徽', ['安徽省', '江苏省'], '安徽省'],
    ['xyz', ['feature', 'brief'], undefined],
    ['author', ['bylines', 'source'], undefined],
  ])('%s → %s', (word, candidates, expected) => expect(suggestClosest(word, candidates)).toBe(expected));
});

describe('datelineAfter', () => {
  it.each([
    ['新华社北京8月30日电', '2022-09-01', undefined],
    ['新华社北京9月5日电', '2022-09-01', '9月5日'],
    ['新华社北京９月５日电', '2022-09-01', '9月5日'], // full-width digits
    ['新华社北京12月31日电', '2023-01-01', undefined], // the year before
    ['新华社北京9月1日电', '2022-09-01', undefined], // the same day
    ['新华社北京2月30日电', '2022-01-01', undefined], // no such day: not a date to compare
    [undefined, '2022-09-01', undefined],
  ])('%s in the edition of %s → %s', (dateline, edition, expected) => expect(datelineAfter(dateline, edition)).toBe(expected));
});

describe('internalLinks', () => {
  const from = '/2022/09/01/a/';
  it.each([
    ['[x](/2022/09/01/b/)', '/2022/09/01/b/', 1, 5],
    ['一\n二 [x](../c)', '/2022/09/01/c/', 2, 7],
    ['<a href="/2022/09/01/pages/p1/">版</a>', '/2022/09/01/pages/p1/', 1, 10],
    ['[x](/2022/09/01/b/#p-2 "题")', '/2022/09/01/b/', 1, 5],
  ])('%s → %s at %i:%i', (body, target, line, column) => {
    expect(internalLinks(body, from)).toEqual([expect.objectContaining({ target, line, column })]);
  });
  it.each([['[x](https://example.org/2022/09/01/b/)'], ['[x](#p-1)'], ['[x](/search/?q=党建)'], ['[x](mailto:a@b.c)']])('ignores %s', (body) => {
    expect(internalLinks(body, from)).toEqual([]);
  });
});

describe('splitFrontmatter', () => {
  it.each([
    ['---\na: 1\n---\n\nbody', 'a: 1', '\nbody', 4],
    ['---\r\na: 1\r\n---\r\nbody', 'a: 1', 'body', 4],
    ['---\n---\nbody', '', 'body', 3],
  ])('%j', (text, yaml, body, bodyLine) => expect(splitFrontmatter(text)).toEqual({ yaml, body, bodyLine }));
  it('refuses a file without frontmatter', () => expect(splitFrontmatter('# 标题\n')).toBeUndefined());
});

describe('report formats', () => {
  const issue = { file: 'content/a,b.md', line: 3, column: 7, field: 'kind', message: '50% off\nnext' };
  it('prints file:line:column  field  message', () => expect(formatIssue(issue)).toBe('content/a,b.md:3:7  kind  50% off\nnext'));
  it('escapes GitHub annotation properties and data', () =>
    expect(formatGithubAnnotation(issue)).toBe('::error file=content/a%2Cb.md,line=3,col=7,title=kind::50%25 off%0Anext'));
});
