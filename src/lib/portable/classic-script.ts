/**
 * Browsers refuse `<script type="module">` on file://, so the output carries
 * classic scripts only. Astro turns a component's plain `<script>` into a
 * module script; this module turns such code back into a classic script when
 * that is safe (no import, export, import.meta or top-level await: V8's own
 * parser decides), keeping the two module traits pages rely on: strict mode
 * and running after the document is parsed. Anything else is an error that
 * says how to fix it: write `<script is:inline>` or a classic file in public/.
 */
import vm from 'node:vm';

export const CLASSIC_SCRIPT_FIX =
  'write the script as <script is:inline> (or a classic script file in public/ loaded with <script is:inline defer src=...>), ' +
  'without import/export: browsers refuse module scripts on file://';

/** True when `code` parses as a classic (non-module) script. */
export function parsesAsClassicScript(code: string): boolean {
  try {
    new vm.Script(code);
    new vm.Script(`'use strict';\n${code}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Wraps module code as an equivalent classic script: a strict function scope
 * (module top-level names stay private) run once the document is parsed
 * (module scripts are deferred). Throws with `where` and the fix when the code
 * needs module semantics.
 */
export function moduleToClassicScript(code: string, where: string): string {
  if (!parsesAsClassicScript(code)) {
    throw new Error(
      `${where}: a module script (import/export, import.meta or top-level await) cannot run on file://; ${CLASSIC_SCRIPT_FIX}.`,
    );
  }
  return (
    `(function(){'use strict';var run=function(){\n${code}\n};` +
    `if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',run,{once:true});}else{run();}})();`
  );
}
