/**
 * What both ends hold of files roots, apart from the operations' schemas (./operations.ts, which
 * re-exports it): what the agent's options need, without loading zod.
 */

/** A files root's name: the agent maps it to a directory; the control plane never sees the path. */
export const ROOT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Why a path relative to a files root would leave it, or undefined when it stays inside. Symlinks
 * can only be judged on the agent, which does so again with the real paths.
 */
export function pathLeavesRoot(path: string): string | undefined {
  if (path.includes('\0')) return 'it contains a NUL character';
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return 'it is absolute; give a path relative to the root';
  if (path.split(/[\\/]/).some((part) => part === '..')) return "it climbs out with '..'";
  return undefined;
}
