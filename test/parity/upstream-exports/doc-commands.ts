/** The shell commands of a Markdown document's ```sh blocks, continuation lines joined, split into words. */
export function docCommands(markdown: string, script: string): string[][] {
  const commands: string[][] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const words = line.trim().split(/\s+/).filter(Boolean);
      if (words.some((w) => w.endsWith(script))) commands.push(words);
    }
  }
  return commands;
}

/** The value after `flag` in a command, or undefined. */
export function flagValue(words: readonly string[], flag: string): string | undefined {
  const i = words.indexOf(flag);
  return i >= 0 ? words[i + 1] : undefined;
}
