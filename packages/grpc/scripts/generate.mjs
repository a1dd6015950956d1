// Regenerates the TypeScript types of the .proto API with proto-loader's own generator
// (proto-loader-gen-types), into src/generated/ or the folder given as the first argument.
// The options match the loader's in src/proto.ts; test/generated.test.ts fails when the
// checked-in types differ from a fresh generation.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'src/generated'));
const require = createRequire(import.meta.url);
const generator = join(
  dirname(require.resolve('@grpc/proto-loader/package.json')),
  'build/bin/proto-loader-gen-types.js',
);

export const PROTO_FILES = [
  'meterline/metrics/v1/metrics_service.proto',
  'meterline/metrics/v1/admin_service.proto',
];

rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    generator,
    '--longs=Number',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--includeComments',
    '--grpcLib=@grpc/grpc-js',
    '--importFileExtension=.js',
    '-I',
    'proto',
    '-O',
    out,
    ...PROTO_FILES,
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
