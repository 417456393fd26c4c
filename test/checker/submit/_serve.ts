// The grading API as a process of its own for the `check --submit` tests: the real app on a real
// SQLite file, no outside probes. Usage: tsx _serve.ts DATA_DIR PORT — prints "listening PORT".
import { createGradingApp } from '../../../src/node/grading/standalone.ts'

const grading = await createGradingApp({ dataDir: process.argv[2]!, probe: false, rateLimit: false })
await grading.app.listen({ host: '127.0.0.1', port: Number(process.argv[3] ?? 0) })
const address = grading.app.server.address()
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)
process.on('SIGTERM', () => void grading.close().then(() => process.exit(0)))
