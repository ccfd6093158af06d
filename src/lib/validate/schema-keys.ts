import type { z } from 'astro/zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}

/** The object schema found at `path` inside `schema`, looking through optional, default, array and pipe wrappers. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): Def | undefined {
  let def = schema._zod.def as unknown as Def;
  const unwrap = () => {
    for (;;) {
      if (def.innerType) def = def.innerType._zod.def as unknown as Def;
      else if (def.type === 'pipe' && def.in) def = (def.in._zod.def as unknown as Def).type === 'transform' && def.out ? (def.out._zod.def as unknown as Def) : (def.in._zod.def as unknown as Def);
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    if (def.type === 'array' && typeof key === 'number' && def.element) def = def.element._zod.def as unknown as Def;
    else if (def.type === 'object' && typeof key === 'string' && def.shape?.[key]) def = def.shape[key]._zod.def as unknown as Def;
    else return undefined;
    unwrap();
  }
  return def.type === 'object' ? def : undefined;
}

/** The field names a mapping at `path` may have, for "did you mean" hints on unknown keys. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return Object.keys(objectAt(schema, path)?.shape ?? {});
}
