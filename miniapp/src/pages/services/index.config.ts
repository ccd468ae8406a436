// SERVICES_TITLE in first-screen.ts says the same (index.html's first screen; tests/e2e/app-shell compares them).
export default definePageConfig({ navigationBarTitleText: '社区服务清单' })
