import type { PropsWithChildren } from 'react'
import { z } from 'zod'
import { AppStateProvider } from './state/app-state'
import './app.css'

// Mini-program runtimes forbid `new Function`; zod must not compile validators with it.
z.config({ jitless: true })

function App({ children }: PropsWithChildren) {
  return <AppStateProvider>{children}</AppStateProvider>
}

export default App
