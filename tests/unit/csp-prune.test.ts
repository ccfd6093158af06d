import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pruneCspHashes } from '~/lib/csp-prune';

const h = (text: string, algorithm = 'sha256') => `${algorithm}-${createHash(algorithm).update(text, 'utf8').digest('base64')}`;
const STYLE = 'body{color:red}';
const SCRIPT = 'document.title="标题"';
const page = (policy: string, body: string) => `<!doctype html><html><head><meta http-equiv="content-security-policy" content="${policy}"></head><body>${body}</body></html>`;
const policyOf = (html: string) => /content="([^"]*)"/.exec(html)![1]!;

describe('pruneCspHashes', () => {
  const policy = `default-src 'none'; script-src 'self' 'wasm-unsafe-eval' '${h(SCRIPT)}' '${h('other()')}'; style-src 'self' '${h(STYLE)}' '${h('p{}')}' '${h('q{}')}'; img-src 'self'`;

  it("keeps only the hashes of the page's own inline scripts and styles, and every other source", () => {
    const html = page(policy, `<style>${STYLE}</style><script>${SCRIPT}</script><p>正文</p>`);
    const out = pruneCspHashes(html);
    expect(policyOf(out)).toBe(`default-src 'none'; script-src 'self' 'wasm-unsafe-eval' '${h(SCRIPT)}'; style-src 'self' '${h(STYLE)}'; img-src 'self'`);
    // Nothing but the policy changes.
    expect(out.replace(policyOf(out), '')).toBe(html.replace(policyOf(html), ''));
  });

  it('does not count scripts that load a file or hold data, which CSP hashes do not cover', () => {
    const ld = '{"@type":"NewsArticle"}';
    const html = page(`script-src 'self' '${h(ld)}' '${h(SCRIPT)}'`, `<script type="application/ld+json">${ld}</script><script type="module" src="/a.js"></script><script type="module">${SCRIPT}</script>`);
    expect(policyOf(pruneCspHashes(html))).toBe(`script-src 'self' '${h(SCRIPT)}'`);
  });

  it('leaves a directive with no hash left with its other sources', () => {
    expect(policyOf(pruneCspHashes(page(policy, '<p>无内联</p>')))).toBe(`default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'`);
  });

  it('works with the algorithm the policy uses', () => {
    const html = page(`style-src 'self' '${h(STYLE, 'sha384')}' '${h('x{}', 'sha384')}'`, `<style>${STYLE}</style>`);
    expect(policyOf(pruneCspHashes(html))).toBe(`style-src 'self' '${h(STYLE, 'sha384')}'`);
  });

  it('never adds a hash the policy did not have', () => {
    const html = page(`style-src 'self'`, `<style>${STYLE}</style>`);
    expect(pruneCspHashes(html)).toBe(html);
  });

  it('leaves a page without a policy as it is', () => {
    const html = `<html><body><style>${STYLE}</style></body></html>`;
    expect(pruneCspHashes(html)).toBe(html);
  });
});
