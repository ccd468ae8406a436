export default definePageConfig({ navigationBarTitleText: '代办记录' })
