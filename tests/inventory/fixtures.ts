/** Small manifests the inventory tests combine. */

export function pod(name: string, namespace?: string, extra = ''): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    extra,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export function configMap(name: string, namespace = 'default', data = 'a: "1"'): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'data:',
    `  ${data}`,
  ].join('\n');
}

export function docs(...documents: string[]): string {
  return documents.join('\n---\n') + '\n';
}
