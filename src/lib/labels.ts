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

/** The printed credit of a byline: `本报记者 储勇`, `周小漫 摄`. */
export function formatByline(b: { name: string; role?: string | undefined; photo?: boolean | undefined }): string {
  return [b.role, b.name, b.photo ? '摄' : undefined].filter(Boolean).join(' ');
}
