/**
 * The flag walk of the benchmark scripts' command lines: `--flag value`, `--flag=value` and bare
 * flags. `visit` gets each flag and a `value()` that takes its value (the inline one, else the
 * next argument) or throws `fail('--flag needs a value')`, and returns whether it knew the flag;
 * `--help` and `-h` are answered here. Returns whether help was asked for.
 */
export function eachFlag(argv: readonly string[], fail: (message: string) => Error, visit: (flag: string, value: () => string) => boolean): boolean {
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') help = true;
    else if (!visit(flag, value)) throw fail(`unknown argument ${JSON.stringify(arg)}`);
  }
  return help;
}
