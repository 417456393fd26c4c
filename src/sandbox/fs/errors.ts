import type { FsErrorCode } from './types.ts'

/** strerror(3) in the C locale: the words every GNU tool and bash put after the path. */
const messages: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument',
  ELOOP: 'Too many levels of symbolic links',
  EPERM: 'Operation not permitted',
}

export function strerror(code: FsErrorCode): string {
  return messages[code]
}
