using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CriMesh.Testing.Registry;

/// <summary>
/// A throwaway CA and a server certificate it signed for 127.0.0.1 / localhost, written as PEM files:
/// <c>ca.crt</c>, <c>server.crt</c> (server then CA), <c>server.key</c> (PKCS#8).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, string directory)
    {
        Ca = ca;
        Server = server;
        Directory = directory;
    }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate (with its private key).</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Where the PEM files are.</summary>
    public string Directory { get; }

    /// <summary><c>DIR/ca.crt</c>: what a client trusts (e.g. copy into <c>certs.d/HOST/ca.crt</c>).</summary>
    public string CaPath => Path.Combine(Directory, "ca.crt");

    /// <summary><c>DIR/server.crt</c>: the server certificate followed by the CA.</summary>
    public string ServerCertificatePath => Path.Combine(Directory, "server.crt");

    /// <summary><c>DIR/server.key</c>: the server's private key (PKCS#8 PEM).</summary>
    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    /// <summary>Creates the CA and server certificate and writes the PEM files into <paramref name="directory"/> (must exist).</summary>
    public static TestCertificates Create(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=crimesh test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var caWithKey = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var serverPublic = serverRequest.Create(caWithKey, now.AddDays(-1), now.AddDays(29), serial);
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        var certificates = new TestCertificates(X509CertificateLoader.LoadCertificate(caWithKey.RawData), server, directory);
        File.WriteAllText(certificates.CaPath, caWithKey.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServerCertificatePath, server.ExportCertificatePem() + "\n" + caWithKey.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return certificates;
    }

    /// <summary>
    /// True if <paramref name="certificate"/> chains to <see cref="Ca"/> (and only to it), for
    /// <c>RemoteCertificateValidationCallback</c>s of clients that trust this CA.
    /// </summary>
    public bool Validates(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>Releases the certificates (the files stay with their directory).</summary>
    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
