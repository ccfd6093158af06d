export { validateContent, type ValidateOptions, type ValidationResult } from './validate-content';
export { formatReport, formatIssue, formatGithubAnnotation, type ContentIssue } from './report';
