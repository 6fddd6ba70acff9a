// Reads a camunda: attribute whether or not the camunda moddle extension is loaded.
module.exports = function attr(node, name) {
  const value = node.get ? node.get('camunda:' + name) : undefined;
  if (value !== undefined && value !== null) {
    return value;
  }
  return node.$attrs ? node.$attrs['camunda:' + name] : undefined;
};
