/**
 * A command line for the user's terminal shell: each argument quoted the way that shell reads it (POSIX sh,
 * PowerShell, cmd.exe), so paths with spaces, quotes or $ survive. No `vscode` import: tested directly.
 */
export type ShellKind = 'posix' | 'powershell' | 'cmd';

/** From the shell's path (vscode.env.shell): pwsh/powershell, cmd, else POSIX. */
export function shellKind(shellPath: string): ShellKind {
  const name = shellPath.split(/[\\/]/).pop()!.toLowerCase();
  if (name.startsWith('pwsh') || name.startsWith('powershell')) return 'powershell';
  if (name === 'cmd' || name === 'cmd.exe') return 'cmd';
  return 'posix';
}

function quote(arg: string, kind: ShellKind): string {
  if (kind === 'powershell') return `'${arg.replace(/'/g, "''")}'`;
  // cmd.exe: double quotes, inner ones doubled; % and ^ escaped so variables and carets stay literal.
  if (kind === 'cmd') return `"${arg.replace(/"/g, '""').replace(/%/g, '%%').replace(/\^/g, '^^')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(args: readonly string[], kind: ShellKind): string {
  const [program, ...rest] = args.map((a) => quote(a, kind));
  // PowerShell runs a quoted program path only through the call operator.
  return [kind === 'powershell' ? `& ${program!}` : program!, ...rest].join(' ');
}
