import { execFileSync } from 'child_process';

/** A TCP port on 127.0.0.1 the kernel has just handed out (so concurrent runs never share one). */
export function freePort(): number {
  const script = 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})';
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf-8' }).trim());
}
