'use strict';
// The import-only transform the codemod benchmark times with jscodeshift: every specifier of a
// legacy module (static import, export-from, import(), require()) points at its compat entry.
// Pre-filtered on the text and returning undefined when nothing changes, as a well-written
// jscodeshift transform does. The retarget map comes in as an option (JSON).

module.exports = function retarget(file, api, options) {
  // jscodeshift hands a JSON option value over already parsed.
  const map = typeof options.retargets === 'string' ? JSON.parse(options.retargets) : options.retargets;
  if (!Object.keys(map).some((specifier) => file.source.includes(specifier))) return undefined;
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = false;
  const rewrite = (literal) => {
    if (!literal || typeof literal.value !== 'string') return;
    const target = map[literal.value];
    if (target === undefined) return;
    const quote = file.source[literal.start] === '"' ? '"' : "'";
    literal.value = target;
    literal.extra = { raw: `${quote}${target}${quote}`, rawValue: target };
    changed = true;
  };
  root.find(j.ImportDeclaration).forEach((path) => rewrite(path.node.source));
  root.find(j.ExportNamedDeclaration).forEach((path) => rewrite(path.node.source));
  root.find(j.ExportAllDeclaration).forEach((path) => rewrite(path.node.source));
  root.find(j.CallExpression).forEach((path) => {
    const callee = path.node.callee;
    if (callee.type === 'Import' || (callee.type === 'Identifier' && callee.name === 'require')) rewrite(path.node.arguments[0]);
  });
  // recast prints a replaced StringLiteral with its `quote` option (the corpus uses single quotes).
  return changed ? root.toSource({ quote: 'single' }) : undefined;
};

module.exports.parser = 'ts';
