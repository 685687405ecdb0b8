import { createZodValidationPipe } from 'nestjs-zod';
import { validationFailed, zodFieldErrors } from '@app/common';

/**
 * Parses every body, query and parameter typed with a zod DTO (apps/api/src/**\/dto): any problem
 * is a 422 listing each field in Vietnamese. Runs after the guards, so who may not call a route
 * is told so before anything about its input.
 */
export const ValidationPipe = createZodValidationPipe({
  createValidationException: (error) => validationFailed(zodFieldErrors(error as never)),
});
