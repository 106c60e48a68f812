import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RoutePlugin } from '../deps';
import { securityHeaders } from '../security-headers';

const asset = (name: string) => readFileSync(new URL(`../dashboard/${name}`, import.meta.url));

/** The page's own files: no inline script or style, so the CSP can forbid both. */
const ASSETS: Record<string, { type: string; body: Buffer; what: string }> = {
  '/dashboard': { type: 'text/html; charset=utf-8', body: asset('index.html'), what: 'The live dashboard page' },
  '/dashboard/app.js': { type: 'text/javascript; charset=utf-8', body: asset('app.js'), what: "The dashboard's script" },
  '/dashboard/style.css': { type: 'text/css; charset=utf-8', body: asset('style.css'), what: "The dashboard's stylesheet" },
};

/**
 * The live dashboard: `GET /dashboard` (+ its script and stylesheet) needs no key; the page asks for
 * an admin key, keeps it in sessionStorage and reads `GET /v1/admin/dashboard.json` with it.
 */
export const dashboardPages: RoutePlugin = async (app) => {
  for (const [path, file] of Object.entries(ASSETS)) {
    app.get(path, {
      schema: { summary: file.what, tags: ['dashboard'], security: [], produces: [file.type.split(';')[0]!], response: { 200: z.string() } },
    }, async (_req, reply) => securityHeaders(reply).type(file.type).send(file.body));
  }
  app.get('/dashboard/', {
    schema: { summary: 'Redirects to /dashboard', tags: ['dashboard'], security: [], response: { 301: z.null() } },
  }, async (_req, reply) => securityHeaders(reply).redirect('/dashboard', 301));
};
