/** The last path segment of a model file, for POSIX and Windows paths: messages name files the way users see them. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
