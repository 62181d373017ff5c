/**
 * Ports for act's artifact and cache servers. Each e2e run has a network namespace of its own,
 * so only the run itself binds ports there; these come from below the kernel's ephemeral range
 * (32768-60999), which no outgoing connection and no bind to port 0 is ever given. A port the
 * kernel handed out and we closed again could be taken, before act binds it, by a connection's
 * source port (act then stops at once: "bind: address already in use").
 */
const FIRST = 20000;
const LAST = 32000;
let next = FIRST;

/** The next port of the run's own range (a run starts fewer than 12,000 act servers). */
export function freePort(): number {
  const port = next;
  next = next === LAST ? FIRST : next + 1;
  return port;
}
