/**
 * Lets Node run the project's TypeScript directly (`node --import ./scripts/support/ts-imports.ts …`):
 * Node strips the types itself, but src/ imports modules without an extension, as Vite allows.
 * This resolve hook tries `.ts` and `/index.ts` for such imports.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
      if (!relative || /\.[cm]?[jt]s$/.test(specifier)) throw error;
      for (const suffix of ['.ts', '/index.ts']) {
        try {
          return nextResolve(specifier + suffix, context);
        } catch {
          // try the next form
        }
      }
      throw error;
    }
  },
});
