/**
 * `@unified-ws/codemods` as a library: the same engine the `unified-ws` CLI and the Nx
 * generator run, and the audit.
 */
export { migrate } from './engine/migrate.js';
export type { MigrateOptions, MigrationResult, Progress } from './engine/migrate.js';
export { EXIT, renderMarkdown } from './engine/report.js';
export type { ExitCode, FileReport, MigrationReport, ProjectReport, RuleReport } from './engine/report.js';
export { diskFileSystem, writeFileAtomic } from './engine/file-system.js';
export type { MigrationFs } from './engine/file-system.js';
export { MigrationRefused } from './engine/git.js';
export { MARKER_TAG, markerText } from './ast/markers.js';
export { audit } from './audit/audit.js';
export type { AuditOptions } from './audit/audit.js';
export { AUDIT_EXIT } from './audit/report.js';
export type { AuditExitCode, AuditImport, AuditMarker, AuditReport, AuditSite, Compliance, ModuleAudit, ProjectAudit } from './audit/report.js';
export { renderAuditHtml } from './audit/render-html.js';
export { renderAuditMarkdown } from './audit/render-markdown.js';
export type { RenderOptions as AuditRenderOptions } from './audit/presentation.js';
export type { MigrationMode } from './transforms/transform.js';
export * from './recipe/index.js';
export { verify } from './verify/census.js';
export type { Census, CensusSite, VerifyOptions } from './verify/census.js';
