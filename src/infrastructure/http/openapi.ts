import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NO_FORBIDDEN_RESPONSE } from '@hms/authz';
import type { AnyContextDescriptor, OpenApiTag } from '../context/context-descriptor.js';

export const OPENAPI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs/openapi.json';

/** The platform's tags; each context's follow, in the order of the context list. */
const PLATFORM_TAGS: readonly OpenApiTag[] = [{ name: 'health', description: 'Liveness and readiness probes' }];

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference', example: 'about:blank' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields; see errors.' },
    instance: { type: 'string', example: '/api/v1/hospitals' },
    correlationId: { type: 'string', example: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e12' },
    code: { type: 'string', example: 'COMMON.NOT_FOUND' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'name' },
          message: { type: 'string', example: 'name should not be empty' },
          row: {
            type: ['integer', 'null'],
            description: 'Tabular input: the data row (1 is the first after the header), 0 the header, null the whole file',
          },
          column: { type: ['string', 'null'], description: 'Tabular input: the column, null for the whole row or file' },
        },
      },
    },
  },
} as const;

/** The response content of every error: for `@Api...Response({ description, content: PROBLEM_CONTENT })`. */
export const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

const problemResponse = (description: string) => ({ description, content: PROBLEM_CONTENT });

/** Adds the problem responses every operation can give, so clients see them documented. */
function addProblemResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, unknown>;
      const probe = path.startsWith('/health');
      // Operations without a security requirement are public; say so explicitly rather than by omission.
      operation.security ??= [];
      if (!probe) {
        responses['400'] ??= problemResponse('Invalid request (malformed JSON, invalid fields, unknown host)');
        responses['429'] ??= problemResponse('Too many requests; see Retry-After');
      }
      // A record route refused as not found (ADR 25) answers its 404, never a 403.
      const marks = operation as unknown as Record<string, unknown>;
      const neverForbidden = marks[NO_FORBIDDEN_RESPONSE] === true;
      delete marks[NO_FORBIDDEN_RESPONSE];
      if (operation.security?.length) {
        responses['401'] ??= problemResponse('Missing, expired or invalid access token');
        if (!neverForbidden) responses['403'] ??= problemResponse('The token lacks the permission this operation needs');
      }
      responses['500'] ??= problemResponse('Unexpected server error (no details are disclosed)');
    }
  }
}

export function buildOpenApiDocument(app: INestApplication, contexts: readonly AnyContextDescriptor[]): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('HMS API')
    .setDescription(
      'Hospital Management System REST API. Errors are RFC 9457 problem details (application/problem+json). ' +
        'Every response carries X-Request-ID; send your own to correlate logs.',
    )
    .setOpenAPIVersion('3.1.0')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer');
  for (const { name, description } of [...PLATFORM_TAGS, ...contexts.flatMap((context) => context.openApiTags)])
    builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ProblemDetails: PROBLEM_SCHEMA as never };
  addProblemResponses(document);
  return document;
}

export function mountOpenApi(app: INestApplication, contexts: readonly AnyContextDescriptor[]): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApiDocument(app, contexts), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    customSiteTitle: 'HMS API',
  });
}
