// Admin configuration of township-workflow (replaces the webjar's config.js).
// Administrators of users, groups, townships (tenants) and authorizations work in Chinese: zh is the default.
export default {
  app: {
    name: '系统管理',
    vendor: '乡镇政务服务'
  },
  locales: {
    availableLocales: ['zh', 'en'],
    fallbackLocale: 'zh'
  }
};
