import { INestApplication } from '@nestjs/common';

/** Every route the application serves, as "METHOD /path", read from the Express router. */
export function listRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: any[] = (express.router ?? express._router)?.stack ?? [];
  const routes: string[] = [];
  for (const layer of stack) {
    const route = layer.route;
    if (!route) continue;
    for (const method of Object.keys(route.methods ?? {})) {
      if (method === '_all') continue;
      routes.push(`${method.toUpperCase()} ${route.path}`);
    }
  }
  return [...new Set(routes)].sort();
}
