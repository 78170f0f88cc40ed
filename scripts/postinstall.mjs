// After `npm install` / `npm ci`: one line saying which Node the npm scripts use when the system Node is too old.
// Plain JavaScript: it must run on whatever Node npm itself runs on.
const agent = process.env.npm_config_user_agent ?? '';
const system = /\bnode\/v?(\d+)\.(\d+)/.exec(agent);
if (system) {
  const [major, minor] = [Number(system[1]), Number(system[2])];
  if (major < 22 || (major === 22 && minor < 12)) {
    console.log(
      `reading-list: system Node ${system[1]}.${system[2]} is older than 22.12; npm scripts use the pinned Node ${process.versions.node}.`,
    );
  }
}
