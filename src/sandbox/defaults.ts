/** The sandbox's port unless told otherwise, apart from its code so the CLI can show it in --help without loading it. */
export const DEFAULT_PORT = 12111;
