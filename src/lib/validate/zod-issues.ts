import type { z } from 'astro/zod';
import { suggestClosest } from './suggest';

/** `bylines[0].role` from a zod path. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(file)';
}

/** How a value looks to an editor: `"brif"`, `12`, `a list`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping (key: value lines)';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  date: 'a date',
};

/** A clear message for one zod issue, with a suggestion where there is one. */
export function describeIssue(issue: z.core.$ZodIssue, knownKeys: (path: readonly PropertyKey[]) => readonly string[]): { path: PropertyKey[]; message: string; at: 'key' | 'value' }[] {
  const path = [...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const hint = suggestClosest(key, knownKeys(path));
        return {
          path: [...path, key],
          at: 'key' as const,
          message: `未知字段 (unknown field) "${key}"${hint ? `: did you mean \`${hint}\`?` : `; expected one of: ${knownKeys(path).join(', ')}`}`,
        };
      });
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return [{ path, at: 'value', message: `缺少必填字段 (required field missing): expected ${expected}` }];
      return [{ path, at: 'value', message: `expected ${expected}, got ${describeValue(issue.input)}` }];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (issue.input === undefined) return [{ path, at: 'value', message: `缺少必填字段 (required field missing): expected one of: ${values.join(', ')}` }];
      const given = typeof issue.input === 'string' ? issue.input : undefined;
      const hint = given === undefined ? undefined : suggestClosest(given, values);
      return [{ path, at: 'value', message: `${describeValue(issue.input)} is not allowed; expected one of: ${values.join(', ')}${hint ? ` (did you mean \`${hint}\`?)` : ''}` }];
    }
    case 'too_small':
      if (issue.origin === 'array') return [{ path, at: 'value', message: `expected at least ${issue.minimum} item(s)` }];
      if (issue.origin === 'number') return [{ path, at: 'value', message: `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${describeValue(issue.input)}` }];
      return [{ path, at: 'value', message: issue.message }];
    default:
      return [{ path, at: 'value', message: issue.message }];
  }
}
