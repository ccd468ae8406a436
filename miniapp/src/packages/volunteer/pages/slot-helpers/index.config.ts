export default definePageConfig({ navigationBarTitleText: '服务志愿者' })
