import { ConfigError, loadConfig, type AppConfig } from '../src/config/app-config.js';

/** Reads `--name value` and `--flag` arguments; repeated names collect into a list. */
export function parseArgs(argv: string[]): Map<string, string[]> {
  const args = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2);
    const value = inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
    args.set(name, [...(args.get(name) ?? []), value]);
  }
  return args;
}

/** The validated configuration, or exit 1 with the message naming the bad variable. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
