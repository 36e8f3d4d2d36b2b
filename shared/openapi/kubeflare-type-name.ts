/**
 * The schema definition name of a Kubeflare kind (reverse-domain, as upstream names custom kinds' definitions).
 * Its own module so the registry can name the types without pulling the schemas into every bundle of it.
 */
export const kubeflareTypeName = (kind: string): string => `dev.kubeflare.v1alpha1.${kind}`;
