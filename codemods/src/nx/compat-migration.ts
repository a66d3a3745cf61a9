import type { Tree } from '@nx/devkit';
import { migrate } from '../engine/migrate.js';
import { treeFileSystem } from './tree-file-system.js';

/**
 * The `nx migrate` entry: phase 1 only (imports retargeted to @unified-ws/legacy-compat, which
 * keeps every call working), because a migration runs unattended. Phase 2 is the generator,
 * run when the team is ready to review call-site rewrites. Returns Nx's "next steps".
 */
export default async function adoptLegacyCompat(tree: Tree): Promise<string[]> {
  const { report } = await migrate({ cwd: tree.root, fs: treeFileSystem(tree), to: 'compat', jobs: 1, allowDirty: true });
  return [
    `unified-ws: ${report.totals.changed} file(s) now import @unified-ws/legacy-compat.`,
    ...report.nextSteps,
    'then move call sites onto @unified-ws/emitter: npx nx g @unified-ws/codemods:migrate --to canonical',
  ];
}
