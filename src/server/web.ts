// The dashboard's files (built by scripts/build-web.mjs into dist/web/), served as they are. A
// missing build answers with a page that says how to build it, not a bare 404.
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** dist/web of this package, from src/server (tsx) or dist/server (built) alike. */
export function defaultWebDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

export function registerWeb(app: FastifyInstance, webDir = defaultWebDir()): void {
  for (const [route, { file, type }] of Object.entries(FILES)) {
    app.get(route, async (_request, reply) => {
      const path = join(webDir, file);
      if (!existsSync(path)) {
        return reply
          .code(503)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><title>ampshare</title><p>The dashboard is not built (${file} missing in ${webDir}). Run <code>npm run build</code>. The API is at <a href="/api/state">/api/state</a>.</p>`,
          );
      }
      return reply.type(type).header('Cache-Control', 'no-cache').send(readFileSync(path));
    });
  }
}
