/**
 * Whether the site is being served by `astro dev`. Set by the dev-workbench
 * integration at astro:config:setup, before the content layer loads the
 * collection config, so code that runs outside a page (the collection's
 * schema) can tell the dev server from a build.
 */
export const DEV_ENV = 'READING_LIST_DEV_SERVER';

/** True under `astro dev`, false in a build. */
export function isDevServer(): boolean {
  return process.env[DEV_ENV] === '1';
}
