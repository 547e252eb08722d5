import { createHash } from 'node:crypto';

/**
 * The migrated template each PostgreSQL test file clones. Named per checkout, so two checkouts of the
 * project testing against one server at once never drop each other's template.
 */
export const TEMPLATE_DATABASE = `parley_test_template_${createHash('sha1')
  .update(new URL('../..', import.meta.url).pathname)
  .digest('hex')
  .slice(0, 10)}`;

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
