export default definePageConfig({ navigationBarTitleText: '节假日安排' })
