import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/**
 * The OpenAPI 3 document of every /api route, generated from the controllers and their zod DTOs,
 * served at /api/docs.json and as pages at /api/docs. The web pages (outside /api) are not in it.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Báo cáo công tác trẻ em — API')
    .setDescription(
      'Reporting and document approval for child-protection work. Errors are `{statusCode, code, message, errors?}` with a stable English `code` and a Vietnamese `message`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  // Only the API: the web pages answer HTML.
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api')) delete doc.paths[path];
    else if (path !== '/api/health' && path !== '/api/auth/login')
      for (const op of Object.values(item))
        if (op && typeof op === 'object' && 'responses' in op) op.security = [{ bearer: [] }];
  }
  return cleanupOpenApiDoc(doc);
}

export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'api/docs.json',
    customSiteTitle: 'API — Báo cáo công tác trẻ em',
  });
}
