export default definePageConfig({ navigationBarTitleText: '社区服务清单' })
