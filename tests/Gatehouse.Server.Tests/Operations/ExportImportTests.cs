using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Gatehouse.Server.Hosting.OrgTransfer;
using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Operations;

/// <summary>
/// <c>gatehouse export</c> from a SQLite server and <c>gatehouse import</c> into another server — PostgreSQL on the
/// PostgreSQL run (GATEHOUSE_TEST_POSTGRES), SQLite otherwise: the same users sign in with the same passwords, the same
/// clients authenticate with the same secrets, tokens signed before the move validate, and importing again is a no-op.
/// </summary>
public sealed class ExportImportTests
{
    /// <summary>The source stays on SQLite on both CI runs (a null connection string is the data directory's file).</summary>
    private static readonly Dictionary<string, string?> Sqlite = new()
    {
        ["Gatehouse:DatabaseProvider"] = "sqlite",
        ["Gatehouse:ConnectionString"] = null,
    };

    [Fact]
    public async Task ExportImport_RoundTrip_UsersSignInAppsAuthenticateAndSecondImportIsNoOp()
    {
        var file = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "export-" + Guid.NewGuid().ToString("N") + ".json");
        await using var source = await GatehouseServer.StartAsync(settings: Sqlite);
        using var sourceHttp = source.CreateClient();
        var sourceToken = await new TokenClient(sourceHttp).ClientCredentialsAsync(source.DefaultIssuer + "/v1", TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, sourceToken.Status);

        using var output = new StringWriter();
        Assert.Equal(0, await OrgTransferCommands.ExportAsync(source.Services, file, includeKeys: true, output, CancellationToken.None));
        Assert.Contains("Keep this file secret", output.ToString(), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var exported = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(TestSeed.AlicePassword, exported, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSeed.ApiToken, exported, StringComparison.Ordinal);
        Assert.DoesNotContain("gatehouse.admin.console", exported, StringComparison.Ordinal);
        Assert.Contains("\"passwordHash\"", exported, StringComparison.Ordinal);
        Assert.Contains("BEGIN PRIVATE KEY", exported, StringComparison.Ordinal);

        await using var target = await GatehouseServer.StartAsync("{}");
        using var errors = new StringWriter();
        using var imported = new StringWriter();
        Assert.Equal(0, await OrgTransferCommands.ImportAsync(target.Services, file, imported, errors, CancellationToken.None));
        Assert.Equal(string.Empty, errors.ToString());
        Assert.DoesNotContain(" 0 created", imported.ToString(), StringComparison.Ordinal);

        // The user signs in with the same password; the app authenticates with the same secret.
        var (request, tokens) = await SignInAsync(target);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(TestSeed.Alice, Jwt.Payload(tokens["access_token"]!).GetProperty("sub").GetString());
        using var targetHttp = target.CreateClient();
        var service = await new TokenClient(targetHttp).ClientCredentialsAsync(target.DefaultIssuer + "/v1", TestSeed.CustomScope);
        Assert.True(service.Status == HttpStatusCode.OK, service.Json.ToString());
        // Group assignments follow the groups: Bob is not in Engineering, so the Restricted app refuses him.
        using (var bob = new Browser(target))
        {
            var refused = await bob.AuthorizeAsync(
                new AuthorizeRequest { Issuer = target.DefaultIssuer, ClientId = TestSeed.RestrictedClientId, ClientSecret = TestSeed.RestrictedClientSecret },
                TestSeed.Bob, TestSeed.BobPassword);
            Assert.Equal("access_denied", refused.Error);
            Assert.Equal("User is not assigned to the client application.", refused.Parameters["error_description"]);
        }

        // The keys moved with --include-keys: a token the source signed validates against the target's JWKS.
        var moved = await Jwt.ValidateAsync(targetHttp, request.EndpointBase + "/keys", sourceToken["access_token"]!, source.DefaultIssuer, "api://default");
        Assert.True(moved.IsValid, moved.Exception?.Message);

        // Idempotent: a second import changes nothing, and the target exports the same org before and after it.
        var before = await ExportJsonAsync(target);
        using var again = new StringWriter();
        Assert.Equal(0, await OrgTransferCommands.ImportAsync(target.Services, file, again, errors, CancellationToken.None));
        Assert.True(again.ToString().Trim().EndsWith("0 created, 0 updated.", StringComparison.Ordinal), again.ToString());
        Assert.Equal(before, await ExportJsonAsync(target));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(target)).Tokens.Status);
        File.Delete(file);
    }

    [Fact]
    public async Task ExportImport_WithoutKeys_NoSecretValuesAndNewAppsGetNewSecrets()
    {
        var file = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "export-" + Guid.NewGuid().ToString("N") + ".json");
        await using var source = await GatehouseServer.StartAsync(settings: Sqlite);
        Assert.Equal(0, await OrgTransferCommands.ExportAsync(source.Services, file, includeKeys: false, TextWriter.Null, CancellationToken.None));
        var exported = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(TestSeed.ServiceClientSecret, exported, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", exported, StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse(exported)!["version"]!.GetValue<int>());

        await using var target = await GatehouseServer.StartAsync("{}");
        using var errors = new StringWriter();
        Assert.Equal(0, await OrgTransferCommands.ImportAsync(target.Services, file, TextWriter.Null, errors, CancellationToken.None));
        Assert.Contains(TestSeed.ServiceClientId, errors.ToString(), StringComparison.Ordinal);

        // Users move regardless (password hashes need no server key); the app's old secret does not.
        using (var browser = new Browser(target))
        {
            Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = target.DefaultIssuer })).Code);
        }

        using var http = target.CreateClient();
        var refused = await new TokenClient(http).ClientCredentialsAsync(target.DefaultIssuer + "/v1", TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        File.Delete(file);
    }

    [Fact]
    public async Task Import_UnknownVersion_RefusedWithoutChanges()
    {
        var file = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "export-" + Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, """{ "format": "gatehouse-org-export", "version": 99, "users": [] }""");
        await using var target = await GatehouseServer.StartAsync("{}");
        using var errors = new StringWriter();

        Assert.Equal(1, await OrgTransferCommands.ImportAsync(target.Services, file, TextWriter.Null, errors, CancellationToken.None));

        Assert.Contains("version 99", errors.ToString(), StringComparison.Ordinal);
        File.Delete(file);
    }

    private static async Task<(AuthorizeRequest Request, TokenResponse Tokens)> SignInAsync(GatehouseServer server)
    {
        using var browser = new Browser(server);
        var request = new AuthorizeRequest { Issuer = server.DefaultIssuer };
        var result = await browser.AuthorizeAsync(request);
        Assert.True(result.Code is not null, $"No code: error={result.Error} page={result.PageStatus} {result.PageBody}");
        return (request, await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!));
    }

    /// <summary>The org as the server exports it, without the export's own timestamp.</summary>
    private static async Task<string> ExportJsonAsync(GatehouseServer server)
    {
        var file = Path.Combine(Path.GetTempPath(), "gatehouse-tests", "export-" + Guid.NewGuid().ToString("N") + ".json");
        Assert.Equal(0, await OrgTransferCommands.ExportAsync(server.Services, file, includeKeys: true, TextWriter.Null, CancellationToken.None));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        json.Remove("exportedAt");
        File.Delete(file);
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
