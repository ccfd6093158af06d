/** One problem in the content, located in its file. Lines and columns count from 1. */
export interface ContentIssue {
  /** Path of the file, relative to the working directory when inside it. */
  file: string;
  line: number;
  column: number;
  /** The frontmatter field, e.g. `bylines[0].role`, or `(file)` for the file as a whole. */
  field: string;
  message: string;
}

/** Orders issues by file, then position, so a report reads top to bottom. */
export function sortIssues(issues: ContentIssue[]): ContentIssue[] {
  return issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `file:line:column  field  message`, the form editors' terminals and editors make clickable. */
export function formatIssue(i: ContentIssue): string {
  return `${i.file}:${i.line}:${i.column}  ${i.field}  ${i.message}`;
}

/** Escapes a GitHub Actions workflow-command value; properties also escape `:` and `,`. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A GitHub Actions annotation, shown on the offending line of the pull request. */
export function formatGithubAnnotation(i: ContentIssue): string {
  return `::error file=${escapeProperty(i.file)},line=${i.line},col=${i.column},title=${escapeProperty(i.field)}::${escapeData(i.message)}`;
}

/** The whole report: every issue, then a one-line summary. In GitHub Actions, annotations as well. */
export function formatReport(issues: readonly ContentIssue[], fileCount: number, env: NodeJS.ProcessEnv = process.env): string {
  const lines = issues.map(formatIssue);
  if (env.GITHUB_ACTIONS === 'true') lines.push(...issues.map(formatGithubAnnotation));
  const files = new Set(issues.map((i) => i.file)).size;
  lines.push(
    issues.length
      ? `内容检查未通过 (content check failed): ${issues.length} 个问题, 涉及 ${files} 个文件 (${issues.length} problem(s) in ${files} of ${fileCount} files)`
      : `内容检查通过 (content check passed): ${fileCount} 个文件`,
  );
  return lines.join('\n');
}
