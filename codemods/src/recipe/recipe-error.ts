/** The file name the CLI and the generator read at the migration root. */
export const USER_CONFIG_FILE = 'unified-ws.config.json';

/** A recipe or config that is not valid JSON, breaks the schema, or refers to ids it lacks. */
export class RecipeError extends Error {
  readonly code = 'ERR_UWS_RECIPE';
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`${source}: ${detail}`);
    this.name = 'RecipeError';
  }
}
