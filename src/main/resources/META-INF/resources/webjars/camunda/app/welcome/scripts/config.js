// Welcome page configuration of township-workflow (replaces the webjar's config.js): Chinese by default.
export default {
  app: {
    name: '乡镇政务服务',
    vendor: '乡镇政务服务'
  },
  locales: {
    availableLocales: ['zh', 'en'],
    fallbackLocale: 'zh'
  }
};
