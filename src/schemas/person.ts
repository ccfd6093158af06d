import { z } from 'astro/zod';
import { TextSchema } from './common';

/** China's province-level regions, for browsing people by region. */
export const REGIONS = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省',
  '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区',
  '海南省', '重庆市', '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区',
  '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区', '台湾省', '中央和国家机关',
] as const;

/** A person or a collective that articles are about: content/people/<id>.yaml. */
export const PersonSchema = z
  .object({
    /** The name as printed: a person's name, or a collective's full name (or what the source keeps of it; see `nameMissing`). */
    name: TextSchema,
    /** `individual` for a person, `collective` for an honoured body (集体). */
    kind: z.enum(['individual', 'collective']),
    /** The position (职务) as printed, e.g. `支队长(局长)`. */
    position: TextSchema.optional(),
    /** The organisation (单位) as printed. */
    organisation: TextSchema.optional(),
    /** The province-level region, as named in the source. */
    region: z.enum(REGIONS).optional(),
    /** Set when the region is inferred rather than printed: say from what, in Chinese. */
    regionInferred: TextSchema.optional(),
    /** Set when the source lost the full name (a gap in the text): say so, in Chinese. Readers see it with the name. */
    nameMissing: TextSchema.optional(),
    /** The honour the source reports, e.g. `全国“人民满意的公务员”`. */
    honour: TextSchema.optional(),
    /** A short account quoted from the source, word for word (the build shows it full-width). */
    summary: TextSchema.optional(),
  })
  .strict()
  .refine((p) => !p.regionInferred || p.region, { path: ['regionInferred'], message: 'regionInferred explains a region: give the region too' });

export type PersonData = z.infer<typeof PersonSchema>;
