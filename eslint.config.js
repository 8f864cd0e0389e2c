import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of ../shared/design.md, top to bottom: a folder may import its own layer's
// neighbours (where `peers` says so) and anything below, never above.
const LAYERS = [
  { name: 'faces', folders: ['cli', 'mcp', 'server'], peers: false },
  { name: 'workspace', folders: ['workspace'], peers: false },
  {
    name: 'capabilities',
    folders: ['jobs', 'sessions', 'tracker', 'admin', 'sites', 'runner', 'devcluster'],
    peers: true,
  },
  { name: 'shared services', folders: ['notify', 'audit', 'events'], peers: true },
  { name: 'the scheduler', folders: ['slurm'], peers: false },
  { name: 'the outside world', folders: ['transport', 'store'], peers: false },
  { name: 'core', folders: ['core'], peers: false },
];

const importOf = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/** One rule per folder: no import of a layer above, nor of a same-layer folder unless peers. */
function layerRules() {
  return LAYERS.flatMap((layer, index) =>
    layer.folders.map((folder) => {
      const above = LAYERS.slice(0, index).flatMap((l) => l.folders);
      const sideways = layer.peers ? [] : layer.folders.filter((f) => f !== folder);
      const patterns = [
        ...(above.length
          ? [
              {
                regex: importOf(above),
                message: `${folder}/ imports only the layers below it (see AGENTS.md).`,
              },
            ]
          : []),
        ...(sideways.length
          ? [
              {
                regex: importOf(sideways),
                message: `${folder}/ may not import ${sideways.join(', ')}: faces never import each other.`,
              },
            ]
          : []),
      ];
      return {
        files: [`src/${folder}/**/*.ts`],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      };
    }),
  );
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A stdio MCP server's stdout is its protocol channel: only the CLI may print.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules(),
  {
    files: ['src/cli/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
