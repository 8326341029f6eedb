/**
 * How actions and checks see the project. All paths are relative to the project root
 * (POSIX separators). Actions never write: they return FileOps that the engine applies
 * through the journal. `plan` runs them against an overlay so later actions see earlier
 * planned changes without anything touching the disk.
 */
export interface FileInfo {
  size: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

export interface ProjectFs {
  readonly root: string;
  exists(relPath: string): Promise<boolean>;
  /** null when the file does not exist. Throws UserError for a directory. */
  read(relPath: string): Promise<Buffer | null>;
  stat(relPath: string): Promise<FileInfo | null>;
  /** Files (not folders) directly inside a folder, sorted; [] when it does not exist. */
  list(relDir: string): Promise<string[]>;
  /** Folders directly inside a folder, sorted; [] when it does not exist. */
  folders(relDir: string): Promise<string[]>;
}

/** A change to one file, as planned by an action and applied by the engine. */
export type FileOp =
  | {
      kind: 'write';
      path: string;
      content: Buffer;
      /** Defaults to the existing file's mode, or 0o644 for a new file. */
      mode?: number;
    }
  | { kind: 'rename'; from: string; to: string };
