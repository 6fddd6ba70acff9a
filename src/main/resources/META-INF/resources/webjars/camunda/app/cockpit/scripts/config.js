// Cockpit configuration of township-workflow (replaces the webjar's config.js).
// Supervisors work in Chinese: zh is the default; English stays available for the IT staff.
// The supervision dashboard (督查看板) is a plugin on Cockpit's dashboard, see township-dashboard.js;
// township-case.js adds the 办件信息 tab (receipt number and matter) to the process instance view.
export default {
  app: {
    name: '督查',
    vendor: '乡镇政务服务'
  },
  locales: {
    availableLocales: ['zh', 'en'],
    fallbackLocale: 'zh'
  },
  customScripts: ['scripts/township-dashboard.js', 'scripts/township-case.js']
};
