// Cockpit configuration of township-workflow (replaces the webjar's config.js).
// The supervision dashboard (督查看板) is a plugin on Cockpit's dashboard; see township-dashboard.js.
export default {
  app: {
    name: '督查',
    vendor: '乡镇政务服务'
  },
  customScripts: ['scripts/township-dashboard.js']
};
