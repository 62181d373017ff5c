/**
 * Docker's spellings of one platform, reduced to one: the architecture
 * aliases that `uname -m`, Debian and others print, normalized the way
 * containerd's platforms.Normalize does (so `linux/aarch64` is linux/arm64,
 * not an unknown platform on an x64 runner).
 */
const ARCHITECTURE_ALIASES: Record<string, { readonly architecture: string; readonly variant?: string }> = {
  'x86_64': { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  'aarch64': { architecture: 'arm64' },
  'armhf': { architecture: 'arm', variant: 'v7' },
  'armel': { architecture: 'arm', variant: 'v6' },
  'i386': { architecture: '386' },
};

const ARCHITECTURES = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', ...Object.keys(ARCHITECTURE_ALIASES)]);

/** Whether `name` is a CPU architecture (or an alias of one) rather than an operating system. */
export function isArchitectureName(name: string): boolean {
  return ARCHITECTURES.has(name);
}

/** The canonical `os/arch[/variant]` of a platform given in any of Docker's spellings. */
export function normalizePlatform(os: string, architecture: string, variant?: string): string {
  const alias = ARCHITECTURE_ALIASES[architecture];
  let arch = alias?.architecture ?? architecture;
  let v = alias?.variant ?? variant;
  if (arch === 'arm64' && (v === 'v8' || v === '8')) v = undefined;
  if (arch === 'amd64' && v === 'v1') v = undefined;
  if (arch === 'arm') v = v === undefined || v === '7' ? 'v7' : /^\d$/.test(v) ? `v${v}` : v;
  return [os, arch, v].filter(Boolean).join('/');
}
