import type { PropsWithChildren } from 'react'
import { z } from 'zod'
// The Chinese validation messages. shared's index.ts imports it too, but the H5 build leaves index.ts
// out (config/index.ts: shared is side-effect free), so the app imports it itself.
import '@linli/shared/src/zod-config'
import { AppStateProvider } from './state/app-state'
import './app.css'

// Mini-program runtimes forbid `new Function`; zod must not compile validators with it.
z.config({ jitless: true })

function App({ children }: PropsWithChildren) {
  return <AppStateProvider>{children}</AppStateProvider>
}

export default App
