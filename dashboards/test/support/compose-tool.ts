import { spawnSync } from 'node:child_process';

/**
 * A command that validates a compose file without a Docker engine: Debian's `docker-compose`
 * (v1, `config` needs no engine), else the `docker compose` v2 plugin when installed.
 */
export function composeCommand(): string[] | undefined {
  const probe = (args: string[]) => spawnSync(args[0], [...args.slice(1), 'version'], { encoding: 'utf8' }).status === 0;
  if (probe(['docker-compose'])) return ['docker-compose'];
  if (probe(['docker', 'compose'])) return ['docker', 'compose'];
  return undefined;
}
