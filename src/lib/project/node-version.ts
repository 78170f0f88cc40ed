/**
 * The Node.js versions the project runs on. Astro 7 and Vitest 5 need Node >= 22.12; on an older Node the content
 * layer finds no entry and the build writes an empty site, so the build stops first with one line that says why.
 */
export const MIN_NODE = [22, 12] as const;

/** The one-line message for an unsupported Node version, or undefined when it is supported. */
export function unsupportedNode(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return undefined;
  return `Node ${version.replace(/^v/, '')} is too old for this site (Astro needs Node >= ${MIN_NODE.join('.')}): run \`npm run build\`, which uses the Node 24 the project pins, or install Node 22 or 24.`;
}
