/**
 * Bundles the command line (src/cli.ts with its dependencies) into dist/cli/, and the executable `bin` names
 * (src/bin.ts: `--version` itself, any other command by loading the command line). Loading a
 * few large files costs Node far less than resolving and reading hundreds of small ones (the AWS SDK's), so
 * a scan starts sooner (`npm run bench` measures it). Code splitting keeps each command's modules apart:
 * `--version` and `checks` load no AWS SDK, a scan loads only its services' clients, the terminal UI only
 * when it runs. dist/cli/meta.json records which sources each chunk holds.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { URL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The SDK's schemas name traits through computed keys (`{ [_xN]: ... }`, `_xN` a string constant). A
 * computed key could run code, so the bundler keeps every schema of a module that has one: all of EC2's
 * 2,000 shapes for the one DescribeRegions a scan sends. Written as the string literals they are, the keys
 * are plain data again and the unused schemas drop out (EC2's chunk: 1.07 MB → 41 kB).
 */
const sdkSchemaKeysAsLiterals = {
  name: 'sdk-schema-keys-as-literals',
  setup(bundle) {
    bundle.onLoad(
      { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async ({ path }) => {
        const source = await readFile(path, 'utf8');
        const strings = new Map();
        for (const [, name, literal] of source.matchAll(/^const (_\w+) = ("(?:[^"\\]|\\.)*");$/gm))
          strings.set(name, literal);
        const contents = source.replace(/\[(_\w+)\]:/g, (key, name) => {
          const literal = strings.get(name);
          // `{ "__proto__": v }` would set the prototype where `{ ["__proto__"]: v }` defines a property.
          return literal === undefined || literal === '"__proto__"' ? key : `${literal}:`;
        });
        return { contents, loader: 'js' };
      },
    );
  },
};

/**
 * zod's namespace (`z`, re-exported by the check API) carries its 50 message locales, 366 kB that every
 * command would parse. trailscan's messages are English, zod's default; plugins import their own zod, not
 * this bundle's, through the installed `trailscan/check`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer, resolveDir }) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(importer)
        ? { path: 'zod-locales', namespace: 'zod-english-only', pluginData: { resolveDir } }
        : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, ({ pluginData }) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

/**
 * `import … from 'node:http'` makes Node build the module's ES facade, which reads every export, and
 * reading `http.WebSocket` loads undici: 40 ms of start-up for a client no scan uses. Through require(),
 * as CommonJS code gets it, the module is taken as it is; its plain exports are named for `import {…}`.
 */
const httpWithoutFacade = {
  name: 'http-without-facade',
  setup(bundle) {
    const namespace = 'http-without-facade';
    const plainExports = Object.entries(Object.getOwnPropertyDescriptors(createRequire(import.meta.url)('node:http')))
      .filter(([name, descriptor]) => 'value' in descriptor && /^[A-Za-z_$][\w$]*$/.test(name))
      .map(([name]) => name);
    // Imports only: a require() already gets the module itself, not a copy of the names listed here.
    bundle.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.namespace === namespace || args.kind === 'require-call' ? undefined : { path: 'node:http', namespace },
    );
    bundle.onLoad({ filter: /.*/, namespace }, () => ({
      contents: `const http = require('node:http');\nexport default http;\nexport const { ${plainExports.join(', ')} } = http;\n`,
      loader: 'js',
    }));
  },
};

const root = (relative) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/** What both builds share: whole programs for Node.js, from the package's root. */
const common = {
  absWorkingDir: root(''),
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};

// Chunks are named by their content's hash: a new build's must not sit beside the last one's.
rmSync(root('dist/cli'), { recursive: true, force: true });
const { metafile, warnings } = await build({
  ...common,
  // Plugins run in a worker that src/plugins/isolate.ts finds beside itself, as ./worker.js: every chunk
  // sits in dist/cli, so wherever the bundler puts that code, the worker is there.
  entryPoints: { cli: root('src/cli.ts'), worker: root('src/plugins/worker.ts') },
  outdir: root('dist/cli'),
  chunkNames: '[name]-[hash]',
  // An .mjs file is an ES module by its name; for a .js one Node first looks for the package.json that
  // says so, for each of the forty chunks a scan loads (≈ 30 ms of start-up).
  outExtension: { '.js': '.mjs' },
  splitting: true,
  format: 'esm',
  // The SDK's ES modules, which the bundle can shake, before its CommonJS ones.
  mainFields: ['module', 'main'],
  // Ink imports React's devtools only when DEV is set; they are not a dependency.
  external: ['react-devtools-core'],
  // CommonJS dependencies call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [sdkSchemaKeysAsLiterals, zodEnglishOnly, httpWithoutFacade],
  metafile: true,
});
// A name imported from a module that lacks it (say, a `node:http` export this Node.js does not list) would
// be undefined at run time: a failed build, not a warning.
const undefinedImports = warnings.filter((warning) => warning.id === 'import-is-undefined');
if (undefinedImports.length > 0) throw new Error(`${undefinedImports.length} imports would be undefined`);
// The entry points keep the names the executable (src/bin.ts) and the plugin isolation import them by, and
// no chunk may import them.
const entryNames = new Map(['cli', 'worker'].map((entry) => [`dist/cli/${entry}.mjs`, `dist/cli/${entry}.js`]));
const importers = Object.entries(metafile.outputs).filter(([, output]) =>
  output.imports.some((imported) => entryNames.has(imported.path)),
);
if (importers.length > 0) throw new Error(`${importers.map(([file]) => file).join(', ')} import an entry point`);
for (const [from, to] of entryNames) renameSync(root(from), root(to));
metafile.outputs = Object.fromEntries(
  Object.entries(metafile.outputs).map(([file, output]) => [entryNames.get(file) ?? file, output]),
);
writeFileSync(root('dist/cli/meta.json'), JSON.stringify(metafile));

// The executable `bin` names: CommonJS, so `--version` starts no ES module loader (src/bin.ts).
await build({ ...common, entryPoints: [root('src/bin.ts')], outfile: root('dist/cli/trailscan.cjs'), format: 'cjs' });
