/**
 * The import rules of docs/DESIGN.md, checked in `npm test` (issue 19).
 * Runtime imports are checked (type-only imports are erased by the compiler
 * and cannot form a circle at run time).
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'Ingen importcirkel.', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'store-only-in-its-module',
      comment: 'En tabell rörs bara av sin egen moduls store: andra moduler går genom modulens service eller kontrakt.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/[^/]*[sS]tore\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'routes-are-leaves',
      comment: 'Ingen importerar en routes-fil utom http/app.ts (och tester).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/http/app\\.ts$' },
      to: { path: '^src/.*[rR]outes\\.ts$' },
    },
    {
      name: 'kernel-stands-alone',
      comment: 'kernel/ beror inte på någon modul.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'web-through-contracts',
      comment: 'Webben når servern bara genom kernel/, rena regler och kontrakten – aldrig services, stores, routes, databasen eller http/.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: ['^src/db/', '^src/http/', '^src/.*([sS]ervice|[sS]tore|[rR]outes)\\.ts$'] },
    },
  ],
  options: {
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
