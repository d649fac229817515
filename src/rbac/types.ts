/**
 * The RBAC model as the API server evaluates it (rbac.authorization.k8s.io/v1), independent of where the objects
 * came from. Field names follow the Kubernetes API so that upstream test data maps one to one.
 */

/** A PolicyRule. Missing lists are empty; `''` in apiGroups is the core group. */
export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

/** A request for an API resource: `get pods/log named x in namespace ns`. */
export interface ResourceRequest {
  resourceRequest: true;
  verb: string;
  apiGroup: string;
  resource: string;
  /** '' when the request is for the resource itself. */
  subresource: string;
  /** '' for requests without a name (create, list, watch, deletecollection). */
  name: string;
  /** '' for cluster-scoped resources (and for `namespaces` requests without a name). */
  namespace: string;
}

/** A request for a non-resource URL such as `/metrics` (always cluster-wide). */
export interface NonResourceRequest {
  resourceRequest: false;
  verb: string;
  path: string;
}

export type Request = ResourceRequest | NonResourceRequest;

/** Who is asking: the authenticated user name and every group the user belongs to. */
export interface UserInfo {
  name: string;
  groups: readonly string[];
}

/** A binding subject as written (`kind` is User, Group or ServiceAccount; anything else matches nobody). */
export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}
