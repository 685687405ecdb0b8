import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** The body of every error answer. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: {
      type: 'string',
      description: 'Stable English identifier (see docs/api.md, "Error codes").',
    },
    message: { type: 'string', description: 'Vietnamese, for people.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          form: { type: 'string' },
          row: { type: 'string' },
          column: { type: 'string' },
          field: { type: 'string' },
          cell: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['message'],
      },
    },
    errorCount: {
      type: 'integer',
      description: 'How many problems were found; `errors` lists the first 100.',
    },
    errorId: {
      type: 'string',
      description: 'Server errors: the id of the log line with the details.',
    },
    requestId: { type: 'string' },
  },
} as const;

const MEANING: Record<number, string> = {
  400: 'Malformed request (JSON syntax, missing upload).',
  401: 'Not signed in, or the session has expired.',
  403: 'The caller’s role or unit may not do this.',
  404: 'Not found, or not visible to the caller.',
  409: 'Conflict: a stale version, a state that does not allow this, or a duplicate.',
  413: 'The body or upload is larger than allowed.',
  415: 'Unsupported content type.',
  422: 'Invalid input: each problem listed in `errors` (the first 100; `errorCount` in all).',
  429: 'Too many requests (throttled, or the renderer queue is full).',
  500: 'Server error: `errorId` names the log line.',
  503: 'The database or the PDF renderer is unavailable.',
};

/** Documents the error answers of a route (every route may also answer 500). */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...new Set([...statuses, 500])].map((status) =>
      ApiResponse({
        status,
        description: MEANING[status] ?? 'Error.',
        schema: ERROR_SCHEMA as never,
      }),
    ),
  );
}
