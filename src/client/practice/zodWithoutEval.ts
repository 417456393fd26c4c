import { z } from 'zod'

// zod 4 compiles object parsers with `new Function` where it may. The site's CSP forbids that
// (script-src 'self', no 'unsafe-eval'), and even zod's guarded try of it is reported as a
// violation: parse without compiling, before the practice machine parses anything.
z.config({ jitless: true })
