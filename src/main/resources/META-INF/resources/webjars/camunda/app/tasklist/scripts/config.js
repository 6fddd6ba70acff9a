// Tasklist configuration of township-workflow (replaces the webjar's config.js).
// Clerks work in Chinese: zh is the default; English stays available for the IT staff.
export default {
  app: {
    name: '待办任务',
    vendor: '乡镇政务服务'
  },
  locales: {
    availableLocales: ['zh', 'en'],
    fallbackLocale: 'zh'
  },
  shortcuts: {
    claimTask: {key: 'ctrl+alt+c', description: '认领当前选中的任务'},
    focusFilter: {key: 'ctrl+shift+f', description: '定位到第一个筛选器'},
    focusList: {key: 'ctrl+alt+l', description: '定位到任务列表的第一项'},
    focusForm: {key: 'ctrl+alt+f', description: '定位到任务表单的第一个输入框'},
    startProcess: {key: 'ctrl+alt+p', description: '打开发起流程对话框'}
  }
};
