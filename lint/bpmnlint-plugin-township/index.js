// Our conventions for every model in processes/ (STYLE.md section 1), as bpmnlint rules.
module.exports = {
  configs: {
    recommended: {
      rules: {
        'history-time-to-live': 'error',
        'user-task-candidate-group': 'error',
        'user-task-form': 'error',
        'meaningful-id': 'error',
        'legal-basis': 'error',
        'no-script': 'error',
        'no-all-variables': 'error'
      }
    }
  }
};
