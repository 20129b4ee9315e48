// Runs once per Next.js server process, before it serves requests.
export async function register() {
  // Only the Node.js server has sockets; see lib/http/peer-stamp.ts.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installPeerStamp } = await import('@/lib/http/peer-stamp');
    installPeerStamp();
  }
}
