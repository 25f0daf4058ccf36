using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Switchboard.EndToEnd.Harness;
using Switchboard.Silo.Hosting;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Security;

public sealed class TlsTests
{
    [Fact]
    public async Task Gateway_serves_grpc_over_tls_with_the_configured_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("switchboard-tls");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(directory.FullName, "gateway.crt");
        var keyPath = Path.Combine(directory.FullName, "gateway.key");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        var seen = new List<string>();
        using var handler = new HttpClientHandler
        {
            // Trust exactly this certificate, and record that the server really presented it.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                seen.Add(presented!.Thumbprint);
                return presented.Thumbprint == certificate.Thumbprint;
            },
        };

        await using var node = await SwitchboardNode.Start(null, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false },
            $"--Switchboard:TlsCertificatePath={certPath}", $"--Switchboard:TlsKeyPath={keyPath}");
        var queue = await node.Supervisor.GetQueueStatusAsync(new());

        Assert.StartsWith("https://", node.Address, StringComparison.Ordinal);
        Assert.Equal("default", queue.QueueId);
        Assert.Contains(certificate.Thumbprint, seen);
        directory.Delete(recursive: true);
    }

    [Fact]
    public void Cleartext_off_loopback_is_refused_at_start_with_the_setting_to_fix()
    {
        var error = Assert.ThrowsAny<Exception>(() => SwitchboardHost.Build(["--Switchboard:ListenAddress=0.0.0.0", "--Switchboard:GrpcPort=0"]));

        Assert.Contains("Switchboard:TlsCertificatePath", error.Message, StringComparison.Ordinal);
    }
}
