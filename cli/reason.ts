// File-system errors in words, for the messages of every command (and of stdout failing, which
// the entry point reports before any command module is loaded).

/** A file-system error in words: `no such file`, `is a directory`, `permission denied`. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "a read-only file system";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
