import type { FastifyInstance, HTTPMethods } from 'fastify';
import { routePath } from '../ingest/ingest-routes';

const patternOf = (url: string): RegExp =>
  new RegExp(
    `^${url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/**
 * Remembers the methods of every route as it is registered (so this must run before the routes
 * are added), and tells which methods a path has: a request with another method on a known path
 * gets `405` with `Allow` rather than `404`.
 */
export const trackRouteMethods = (app: FastifyInstance): ((path: string) => readonly string[]) => {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const url = routePath(route.url);
    const methods: readonly HTTPMethods[] = [route.method].flat();
    let entry = routes.find((known) => known.pattern.source === patternOf(url).source);
    if (entry === undefined) {
      entry = { pattern: patternOf(url), methods: new Set() };
      routes.push(entry);
    }
    for (const method of methods) entry.methods.add(method.toUpperCase());
  });
  return (path) => {
    const target = routePath(path);
    const methods = new Set<string>();
    for (const route of routes) if (route.pattern.test(target)) for (const m of route.methods) methods.add(m);
    return [...methods].sort();
  };
};
