export default definePageConfig({ navigationBarTitleText: '评价申诉' })
