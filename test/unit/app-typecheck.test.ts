// The app's TypeScript (TSX, DOM types) has its own tsconfig: the root typecheck does not see it.
import { execFileSync } from 'node:child_process';
import { it } from 'vitest';

it('type-checks the app (app/tsconfig.json)', () => {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'app', '--noEmit'], { stdio: 'pipe' });
}, 120_000);
