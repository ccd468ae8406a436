export default defineAppConfig({
  pages: ['pages/home/index', 'pages/services/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/catalog', pages: ['pages/service/index', 'pages/communities/index'] },
    { root: 'packages/account', pages: ['pages/login/index', 'pages/privacy/index', 'pages/messages/index', 'pages/personal/index'] },
    { root: 'packages/booking', pages: ['pages/book/index', 'pages/detail/index', 'pages/mine/index', 'pages/family/index'] },
    { root: 'packages/staff', pages: ['pages/board/index', 'pages/setup/index', 'pages/calendar/index', 'pages/moves/index', 'pages/audit/index'] },
    {
      root: 'packages/consultation',
      pages: [
        'pages/topics/index',
        'pages/topic/index',
        'pages/propose/index',
        'pages/meeting/index',
        'pages/registry/index',
        'pages/assist/index',
        'pages/assist-log/index',
        'pages/print/index',
        'pages/staff/index',
        'pages/street/index',
      ],
    },
    {
      root: 'packages/rating',
      pages: [
        'pages/rate/index',
        'pages/cases/index',
        'pages/case/index',
        'pages/appeals/index',
        'pages/satisfaction/index',
        'pages/dashboard/index',
        'pages/surveys/index',
        'pages/survey/index',
        'pages/survey-new/index',
      ],
    },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['packages/catalog'] },
    'packages/catalog/pages/service/index': { network: 'all', packages: ['packages/booking'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#b4361f',
    navigationBarTitleText: '邻里',
    navigationBarTextStyle: 'white',
    // H5 shows Taro's navigation bar (title and a way back) only with 'default'; WeChat's default anyway.
    navigationStyle: 'default',
    backgroundColor: '#f6f3ee',
  },
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#b4361f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/services/index', text: '服务', iconPath: 'assets/tab/services.png', selectedIconPath: 'assets/tab/services-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
  // 《用户隐私保护指引》 is configured in the WeChat console; the app asks before privacy APIs.
  __usePrivacyCheck__: true,
})
