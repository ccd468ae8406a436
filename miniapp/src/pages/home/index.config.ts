export default definePageConfig({ navigationBarTitleText: '邻里 · 社区服务', enablePullDownRefresh: false })
