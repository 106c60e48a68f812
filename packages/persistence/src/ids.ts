const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for text PostgreSQL accepts as a uuid (in canonical form); other text would be a query error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
