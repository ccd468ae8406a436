export default definePageConfig({ navigationBarTitleText: '发布满意度调查' })
