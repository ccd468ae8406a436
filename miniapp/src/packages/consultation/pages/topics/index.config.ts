export default definePageConfig({ navigationBarTitleText: '社区协商' })
