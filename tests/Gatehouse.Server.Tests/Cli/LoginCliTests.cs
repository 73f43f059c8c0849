using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Cli;

/// <summary><c>gatehouse login</c>: the token checked before okta.yaml is written, https only, asked before overwriting; plain errors.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class LoginCliTests(GatehouseServerFixture fixture)
{
    private readonly GatehouseServer _server = fixture.Server;

    [Fact]
    public async Task Login_WithFlags_VerifiesTokenAndWritesOktaYamlOwnerOnly()
    {
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(string.Empty, "login", "--org-url", _server.Origin, "--api-token", TestSeed.ApiToken, "--ca-file", CliSandbox.CaFile(_server));

        Assert.True(run.ExitCode == 0, run.ToString());
        var yaml = await File.ReadAllTextAsync(sandbox.OktaYaml);
        Assert.Equal(
            $"okta:\n  client:\n    orgUrl: \"{_server.Origin}\"\n    token: \"{TestSeed.ApiToken}\"\ngatehouse:\n  caFile: \"{CliSandbox.CaFile(_server)}\"\n",
            yaml);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliSandbox.Mode(sandbox.OktaYaml));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, CliSandbox.Mode(Path.GetDirectoryName(sandbox.OktaYaml)!));

        // Later verbs use the saved org, token and CA.
        var groups = await sandbox.RunAsync(string.Empty, "groups", "list");
        Assert.True(groups.ExitCode == 0, groups.ToString());
        Assert.Contains("BUILT_IN\tEveryone", groups.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_PromptsAnswered_ExistingConfigKeptUnlessConfirmed()
    {
        using var sandbox = new CliSandbox();
        sandbox.Variables["GATEHOUSE_CA_FILE"] = CliSandbox.CaFile(_server);
        var first = await sandbox.RunAsync($"{_server.Origin}\n{TestSeed.ReadOnlyApiToken}\n", "login");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Org URL: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("API token: ", first.Output, StringComparison.Ordinal);

        var declined = await sandbox.RunAsync("n\n", "login");
        Assert.Equal(0, declined.ExitCode);
        Assert.Contains("Overwrite it? [y/N]", declined.Output, StringComparison.Ordinal);
        Assert.Contains(TestSeed.ReadOnlyApiToken, await File.ReadAllTextAsync(sandbox.OktaYaml), StringComparison.Ordinal);

        var accepted = await sandbox.RunAsync($"y\n{_server.Origin}\n{TestSeed.ApiToken}\n", "login");
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Contains(TestSeed.ApiToken, await File.ReadAllTextAsync(sandbox.OktaYaml), StringComparison.Ordinal);
        Assert.Single(sandbox.OktaYamlBackups);
    }

    [Fact]
    public async Task Login_BadToken_ExitsUnauthorizedWithOktaSummaryAndWritesNothing()
    {
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(string.Empty, "login", "--org-url", _server.Origin, "--api-token", "00wrong-token", "--ca-file", CliSandbox.CaFile(_server));

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("Error: Invalid token provided (E0000011)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.OktaYaml));
    }

    [Fact]
    public async Task Login_HttpUrl_IsRefusedUnlessAllowed()
    {
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(string.Empty, "login", "--org-url", "http://127.0.0.1:9", "--api-token", TestSeed.ApiToken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("must start with https", run.Error, StringComparison.Ordinal);

        // Allowed, the check goes on to the (closed) port.
        var allowed = await sandbox.RunAsync(string.Empty, "login", "--org-url", "http://127.0.0.1:9", "--api-token", TestSeed.ApiToken, "--allow-http");
        Assert.Equal(4, allowed.ExitCode);
        Assert.Contains("Could not reach http://127.0.0.1:9", allowed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.OktaYaml));
    }

    [Fact]
    public async Task Login_WithoutTheServersCa_FailsCertificateCheckAndNamesCaFile()
    {
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(string.Empty, "login", "--org-url", _server.Origin, "--api-token", TestSeed.ApiToken);

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("Could not verify the TLS certificate", run.Error, StringComparison.Ordinal);
        Assert.Contains("--ca-file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_CaFileOfAnotherAuthority_IsNotTrusted()
    {
        using var sandbox = new CliSandbox();
        var otherCa = Path.Combine(sandbox.WorkingDirectory, "other-ca.pem");
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Other CA", key,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllTextAsync(otherCa, certificate.ExportCertificatePem());
        }

        var run = await sandbox.RunAsync(string.Empty, "login", "--org-url", _server.Origin, "--api-token", TestSeed.ApiToken, "--ca-file", otherCa);

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("Could not verify the TLS certificate", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminVerb_NotLoggedIn_SaysToLogIn()
    {
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(string.Empty, "users", "list");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Not logged in", run.Error, StringComparison.Ordinal);
        Assert.Contains("gatehouse login", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AsProcess_AnswersFromStdinAndExitCodes()
    {
        using var sandbox = new CliSandbox();
        sandbox.Variables["GATEHOUSE_CA_FILE"] = CliSandbox.CaFile(_server);

        var bad = await sandbox.RunProcessAsync($"{_server.Origin}\nnot-a-token\n", "login");
        Assert.Equal(5, bad.ExitCode);
        Assert.Contains("Invalid token provided", bad.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.OktaYaml));

        var good = await sandbox.RunProcessAsync($"{_server.Origin}\n{TestSeed.ApiToken}\n", "login");
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains($"Logged in to {_server.Origin}.", good.Output, StringComparison.Ordinal);
        Assert.Contains(TestSeed.ApiToken, await File.ReadAllTextAsync(sandbox.OktaYaml), StringComparison.Ordinal);
    }
}
