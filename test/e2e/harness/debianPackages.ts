// What Debian must provide for the real VS Code (code-server builds a native module against
// libkrb5's headers) and for driving it (Chromium): installed here when this runs as root with
// apt-get, as on CI and these machines; otherwise a stop with the one command to run. Runs in Node.
import { execFileSync } from 'child_process';
import * as fs from 'fs';

export interface DebianPackage {
  name: string;
  /** Whether what the package gives is here already (under any name the system gave it). */
  present: () => boolean;
}

export const LIBKRB5_DEV: DebianPackage = {
  name: 'libkrb5-dev',
  present: () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
};

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
export const CHROMIUM: DebianPackage = {
  name: 'chromium',
  present: () => !!process.env.CHROMIUM_PATH || CHROMIUM_PATHS.some((p) => fs.existsSync(p)),
};

const canInstall = () => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export function ensureDebianPackages(packages: DebianPackage[], forWhat: string): void {
  const missing = packages.filter((p) => !p.present()).map((p) => p.name);
  if (!missing.length) return;
  if (!canInstall())
    throw new Error(
      `${forWhat} needs Debian's ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\`, then this command again.`,
    );
  console.log(`[harness] installing Debian packages for ${forWhat}: ${missing.join(', ')} (first run only)...`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
