/**
 * Genesys Cloud ids (users, queues, external contacts, …) are UUIDs. The create-call spec types
 * them as plain strings (facts.md §1); the UUID form is what every Genesys id looks like, and it
 * lets a typo be refused here rather than come back as a Genesys 404.
 */
const GENESYS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGenesysId(value: string): boolean {
  return GENESYS_ID.test(value);
}
