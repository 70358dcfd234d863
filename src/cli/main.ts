// The `ampshare` command: one table of subcommands, each loaded only when used so that a
// command's dependencies (serial ports, solvers) never slow down or break the others.

export interface Command {
  /** One line for `ampshare --help`. */
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

type Loader = () => Promise<Command>;

const COMMANDS: Record<string, Loader> = {
  'p1 parse': async () => (await import('./p1-parse.js')).command,
  'p1 read': async () => (await import('./p1-read.js')).command,
  allocate: async () => (await import('./allocate.js')).command,
  'check-config': async () => (await import('./check-config.js')).command,
  demo: async () => (await import('./demo.js')).command,
  export: async () => (await import('./export.js')).command,
  run: async () => (await import('./run.js')).command,
  simulate: async () => (await import('./simulate.js')).command,
};

async function help(): Promise<string> {
  const lines = ['usage: ampshare <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load().catch(() => null);
    if (command) lines.push(`  ${name.padEnd(14)} ${command.summary}`);
  }
  lines.push('', 'Run `ampshare <command> --help` for its options.');
  return lines.join('\n');
}

/** Runs the CLI with argv (without node and script); resolves to the exit status. */
export async function run(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const name = COMMANDS[two] ? two : argv[0];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await help()}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`ampshare: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${await help()}\n`);
    return 2;
  }
  const command = await load();
  const rest = argv.slice(name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}
