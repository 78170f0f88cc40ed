/**
 * The headless Chromium every browser test, the Lighthouse audit and the
 * benchmark run: Debian's (or CHROMIUM_PATH), with the flags that keep it
 * quiet on the network and able to run as root in a container.
 */

/** The browser binary: env CHROMIUM_PATH, else Debian's chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for every headless launch. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
