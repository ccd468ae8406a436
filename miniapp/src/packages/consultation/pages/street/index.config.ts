export default definePageConfig({ navigationBarTitleText: '街道办理' })
