import { CommonErrors } from './domain.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/** An id from a path: anything that is not a UUID cannot exist, so it is a 404, never a database error. */
export function requireUuid(id: string, notFound = () => CommonErrors.NOT_FOUND({})): string {
  if (!isUuid(id)) throw notFound();
  return id;
}
