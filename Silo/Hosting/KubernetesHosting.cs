namespace Switchboard.Silo.Hosting;

/// <summary>
/// Whether a silo takes its identity from Kubernetes (<c>UseKubernetesHosting</c>: silo name = pod name, cluster and
/// service ids from ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID, silos whose pods are gone are declared dead at once).
/// "Switchboard:KubernetesHosting" decides when set; unset, it is on exactly when the process runs in a pod.
/// </summary>
public static class KubernetesHosting
{
    /// <summary>Kubernetes sets this variable in every container it starts.</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    public static bool IsOn(bool? setting, string? serviceHost) => setting ?? !string.IsNullOrEmpty(serviceHost);
}
