using System.Globalization;
using System.Xml.Linq;
using Switchboard.Gateway.Hosting;
using Switchboard.Silo.Hosting;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The container and Kubernetes files, checked without a container engine: they parse, each image runs what
/// deploy/local-cluster.sh runs (same assembly, same mode, at least the same settings), and every port they name
/// is one the process listens on by its settings.
/// </summary>
public sealed class DeployFilesTests
{
    private const string Compose = "deploy/docker-compose.yml";
    private static readonly string[] Manifests = Directory.GetFiles(DeployFiles.PathOf("deploy/k8s"), "*.yaml").Order().ToArray();

    [Fact]
    public void Every_yaml_file_under_deploy_parses_and_every_manifest_names_its_kind()
    {
        var files = Directory.GetFiles(DeployFiles.PathOf("deploy"), "*.y*ml", SearchOption.AllDirectories);
        Assert.True(files.Length >= 6, $"expected the compose file and the manifests, found {files.Length}");
        foreach (var file in files)
        {
            Assert.NotEmpty(DeployFiles.Documents(Path.GetRelativePath(DeployFiles.Root, file)));
        }
        var kinds = Manifests.SelectMany(file => DeployFiles.Documents(Path.GetRelativePath(DeployFiles.Root, file)))
            .Select(document => $"{document.Text("apiVersion")} {document.Text("kind")}")
            .ToList();
        Assert.Contains("apps/v1 Deployment", kinds);
        Assert.Contains("v1 Service", kinds);
        Assert.Contains("rbac.authorization.k8s.io/v1 Role", kinds);
        Assert.Contains("rbac.authorization.k8s.io/v1 RoleBinding", kinds);
        Assert.DoesNotContain(kinds, kind => kind.StartsWith(' ') || kind.EndsWith(' '));
    }

    [Fact]
    public void Each_image_runs_the_assembly_its_dockerfile_publishes()
    {
        foreach (var dockerfile in ImageDockerfiles().Values.Distinct())
        {
            var (entrypoint, _, project, _) = DeployFiles.Dockerfile(dockerfile);
            var assemblyName = XDocument.Load(DeployFiles.PathOf(project)).Descendants("AssemblyName").Single().Value;
            Assert.Equal(["dotnet", $"{assemblyName}.dll"], entrypoint);
        }
    }

    [Fact]
    public void Compose_services_run_what_the_local_cluster_runs_on_the_ports_they_publish()
    {
        var processes = ComposeProcesses();
        Assert.Equal(3, processes.Count(p => p.Process.IsSilo));
        Assert.Equal(2, processes.Count(p => !p.Process.IsSilo));
        foreach (var (process, service) in processes)
        {
            AssertRunsAsLocally(process);
            foreach (var published in service.Strings("ports"))
            {
                var containerPort = int.Parse(published.Split(':')[^1], CultureInfo.InvariantCulture);
                Assert.True(process.ListeningPorts.Contains(containerPort), $"{process.Source} publishes {published}, but listens on {string.Join(", ", process.ListeningPorts)}");
            }
            AssertExposedPortsAreListenedOn(process, service.Text("image")!);
        }
    }

    [Fact]
    public void Compose_applies_the_schema_before_any_silo_or_gateway_starts()
    {
        var services = DeployFiles.Documents(Compose)[0].Entries("services").ToDictionary();
        var schema = services["schema"];
        Assert.Equal(["bash", "/deploy/apply-schema.sh"], schema.Strings("entrypoint"));
        Assert.Contains(schema.Items("volumes"), volume => ((YamlScalarNode)volume).Value == "./:/deploy:ro");
        Assert.Equal("service_healthy", schema.Child("depends_on")!.Child("postgres")!.Text("condition"));

        // Every process waits for the schema, itself or through the process it waits for.
        bool WaitsForSchema(string name) => services[name].Entries("depends_on").Any(dependency =>
            dependency.Key == "schema" ? dependency.Value.Text("condition") == "service_completed_successfully" : WaitsForSchema(dependency.Key));
        foreach (var (process, _) in ComposeProcesses())
        {
            Assert.True(WaitsForSchema(process.Source.Split(' ')[^1]), $"{process.Source} may start before the schema is applied");
        }
    }

    [Fact]
    public void Kubernetes_deployments_run_what_the_local_cluster_runs_with_grpc_health_probes()
    {
        var deployments = KubernetesProcesses();
        Assert.Equal(["switchboard-gateway", "switchboard-silo"], deployments.Select(d => d.Name).Order());
        foreach (var (_, process, container) in deployments)
        {
            AssertRunsAsLocally(process);
            var declared = container.Items("ports").ToDictionary(port => port.Text("name")!, port => int.Parse(port.Text("containerPort")!, CultureInfo.InvariantCulture));
            Assert.Equal(process.ListeningPorts.Order(), declared.Values.Order());

            var readiness = container.Child("readinessProbe")?.Child("grpc") ?? throw new Xunit.Sdk.XunitException($"{process.Source} has no gRPC readiness probe");
            var liveness = container.Child("livenessProbe")?.Child("grpc") ?? throw new Xunit.Sdk.XunitException($"{process.Source} has no gRPC liveness probe");
            foreach (var probe in new[] { readiness, liveness }.Concat(container.Child("startupProbe")?.Child("grpc") is { } startup ? [startup] : []))
            {
                Assert.Equal(process.GrpcPort, int.Parse(probe.Text("port")!, CultureInfo.InvariantCulture));
            }
            Assert.Null(readiness.Text("service"));
            Assert.Equal(GatewayHostingExtensions.LivenessService, liveness.Text("service"));
            AssertExposedPortsAreListenedOn(process, container.Text("image")!.Split(':')[0]);
        }
    }

    [Fact]
    public void Kubernetes_services_target_ports_their_pods_declare()
    {
        var documents = Manifests.SelectMany(file => DeployFiles.Documents(Path.GetRelativePath(DeployFiles.Root, file))).ToList();
        var services = documents.Where(d => d.Text("kind") == "Service").ToList();
        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var selector = service.Child("spec")!.Entries("selector").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value);
            var pods = documents.Where(d => d.Text("kind") == "Deployment")
                .Select(d => d.Child("spec")!.Child("template")!)
                .Single(template => selector.All(label => template.Child("metadata")!.Child("labels")!.Text(label.Key) == label.Value));
            var declared = pods.Child("spec")!.Items("containers").SelectMany(c => c.Items("ports"))
                .SelectMany(port => new[] { port.Text("name")!, port.Text("containerPort")! }).ToHashSet();
            foreach (var port in service.Child("spec")!.Items("ports"))
            {
                Assert.Contains(port.Text("targetPort") ?? port.Text("port")!, declared);
            }
        }
    }

    [Fact]
    public void Silos_in_kubernetes_have_the_identity_and_the_access_that_kubernetes_hosting_needs()
    {
        var silo = KubernetesProcesses().Single(d => d.Process.IsSilo);
        var variables = silo.Container.Items("env").Select(variable => variable.Text("name")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" }, variables);
        var documents = DeployFiles.Documents("deploy/k8s/silo.yaml");
        var template = documents.Single(d => d.Text("kind") == "Deployment").Child("spec")!.Child("template")!;
        var account = template.Child("spec")!.Text("serviceAccountName");
        var rbac = DeployFiles.Documents("deploy/k8s/rbac.yaml");
        var binding = rbac.Single(d => d.Text("kind") == "RoleBinding");
        Assert.Contains(binding.Items("subjects"), subject => subject.Text("name") == account);
        var role = rbac.Single(d => d.Text("kind") == "Role" && d.Child("metadata")!.Text("name") == binding.Child("roleRef")!.Text("name"));
        var podRule = Assert.Single(role.Items("rules"), rule => rule.Strings("resources").Contains("pods"));
        Assert.Superset(new HashSet<string> { "get", "list", "watch" }, podRule.Strings("verbs").ToHashSet());
    }

    [Fact]
    public void The_schema_job_mounts_the_script_and_every_migration()
    {
        var job = DeployFiles.Documents("deploy/k8s/schema-job.yaml").Single();
        var paths = job.Child("spec")!.Child("template")!.Child("spec")!.Items("volumes").Single().Child("configMap")!.Items("items")
            .Select(item => item.Text("path")).ToList();
        var expected = Directory.GetFiles(DeployFiles.PathOf("deploy/sql"), "*.sql").Select(file => $"sql/{Path.GetFileName(file)}").Order().Prepend("apply-schema.sh");
        Assert.Equal(expected, paths);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "", false)]
    [InlineData(null, "10.96.0.1", true)]
    [InlineData(false, "10.96.0.1", false)]
    [InlineData(true, null, true)]
    public void Kubernetes_hosting_is_on_in_a_pod_unless_the_setting_says_otherwise(bool? setting, string? serviceHost, bool expected) =>
        Assert.Equal(expected, KubernetesHosting.IsOn(setting, serviceHost));

    /// <summary>The same assembly, the same mode and at least every setting the local cluster gives that kind of process.</summary>
    private static void AssertRunsAsLocally(DeployedProcess process)
    {
        var local = DeployFiles.LocalCluster().Where(p => p.Assembly == process.Assembly).ToList();
        Assert.True(local.Count > 0, $"{process.Source} runs {process.Assembly}, which local-cluster.sh never runs");
        foreach (var reference in local)
        {
            Assert.Equal(reference.Mode, process.Mode);
            var missing = reference.Settings.Keys.Except(process.Settings.Keys).ToList();
            Assert.True(missing.Count == 0, $"{process.Source} lacks {string.Join(", ", missing)}, which {reference.Source} sets");
        }
    }

    private static void AssertExposedPortsAreListenedOn(DeployedProcess process, string image)
    {
        var (_, _, _, exposed) = DeployFiles.Dockerfile(ImageDockerfiles()[image]);
        Assert.Subset(process.ListeningPorts.ToHashSet(), exposed.ToHashSet());
    }

    /// <summary>Image name → the Dockerfile compose builds it from.</summary>
    private static Dictionary<string, string> ImageDockerfiles() =>
        DeployFiles.Documents(Compose)[0].Entries("services")
            .Where(service => service.Value.Child("build") is not null)
            .ToDictionary(service => service.Value.Text("image")!, service => service.Value.Child("build")!.Text("dockerfile")!);

    private static List<(DeployedProcess Process, YamlNode Service)> ComposeProcesses()
    {
        var dockerfiles = ImageDockerfiles();
        return DeployFiles.Documents(Compose)[0].Entries("services")
            .Where(service => service.Value.Text("image") is { } image && dockerfiles.ContainsKey(image))
            .Select(service =>
            {
                var (entrypoint, command, _, _) = DeployFiles.Dockerfile(dockerfiles[service.Value.Text("image")!]);
                var run = (service.Value.Child("entrypoint") is null ? entrypoint : service.Value.Strings("entrypoint"))
                    .Concat(service.Value.Child("command") is null ? command : service.Value.Strings("command")).ToList();
                var environment = service.Value.Entries("environment").Select(e => KeyValuePair.Create(e.Key, ((YamlScalarNode)e.Value).Value ?? ""));
                return (DeployedProcess.From($"compose {service.Key}", run, environment), service.Value);
            })
            .ToList();
    }

    private static List<(string Name, DeployedProcess Process, YamlNode Container)> KubernetesProcesses()
    {
        var dockerfiles = ImageDockerfiles();
        return Manifests.SelectMany(file => DeployFiles.Documents(Path.GetRelativePath(DeployFiles.Root, file)))
            .Where(document => document.Text("kind") == "Deployment")
            .Select(deployment =>
            {
                var name = deployment.Child("metadata")!.Text("name")!;
                var container = Assert.Single(deployment.Child("spec")!.Child("template")!.Child("spec")!.Items("containers"));
                var (entrypoint, command, _, _) = DeployFiles.Dockerfile(dockerfiles[container.Text("image")!.Split(':')[0]]);
                var run = (container.Child("command") is null ? entrypoint : container.Strings("command"))
                    .Concat(container.Child("args") is null ? command : container.Strings("args")).ToList();
                var environment = container.Items("env").Select(variable => KeyValuePair.Create(variable.Text("name")!, variable.Text("value") ?? "(from a reference)"));
                return (name, DeployedProcess.From($"k8s {name}", run, environment), container);
            })
            .ToList();
    }
}
