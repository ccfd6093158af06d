import type { ArticleKind } from '../schemas/article';

/** The Chinese name of each article kind, as newspapers print it. */
export const KIND_LABELS: Record<ArticleKind, string> = {
  feature: '通讯',
  profile: '人物通讯',
  brief: '简讯',
  photo: '图片新闻',
  news: '消息',
  commentary: '评论',
  interview: '访谈',
};

interface BylineLike {
  name: string;
  role?: string | undefined;
  photo?: boolean | undefined;
}

/** Consecutive bylines that share a role (and photo credit), as the paper prints them together. */
export interface BylineGroup {
  role?: string | undefined;
  photo: boolean;
  names: string[];
}

/** Groups consecutive bylines with the same role and photo credit: `新华社记者 丁小溪 董博婷 张研` is one group. */
export function groupBylines(bylines: readonly BylineLike[]): BylineGroup[] {
  const groups: BylineGroup[] = [];
  for (const b of bylines) {
    const last = groups.at(-1);
    if (last && last.role === b.role && last.photo === Boolean(b.photo)) last.names.push(b.name);
    else groups.push({ role: b.role, photo: Boolean(b.photo), names: [b.name] });
  }
  return groups;
}

/**
 * The credit line as a newspaper prints it: consecutive names with the same role share it,
 * `新华社记者 丁小溪 董博婷 张研`, `周子寒 本报记者 储勇`, `新华社记者 徐昱 摄`.
 */
export function formatBylines(bylines: readonly BylineLike[]): string {
  return groupBylines(bylines)
    .map((g) => [g.role, ...g.names, g.photo ? '摄' : undefined].filter(Boolean).join(' '))
    .join(' ');
}
