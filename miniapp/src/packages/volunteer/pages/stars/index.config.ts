export default definePageConfig({ navigationBarTitleText: '星级志愿者' })
