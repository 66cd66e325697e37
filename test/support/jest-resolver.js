/**
 * kubernetes-models and its @kubernetes-models/* helpers publish ES modules under the `import` export condition
 * only. Jest resolves with `require` conditions (SWC compiles the ESM to CommonJS either way), so for those packages,
 * and for what they import, the `import` condition is added. Every other package resolves as before.
 */
const ESM_ONLY = /(^|[\\/])(@kubernetes-models[\\/]|kubernetes-models([\\/]|$))/;

module.exports = (request, options) => {
  const wantsImport = ESM_ONLY.test(request) || ESM_ONLY.test(options.basedir);
  if (!wantsImport) return options.defaultResolver(request, options);
  return options.defaultResolver(request, {
    ...options,
    conditions: [...(options.conditions ?? []), 'import'],
  });
};
