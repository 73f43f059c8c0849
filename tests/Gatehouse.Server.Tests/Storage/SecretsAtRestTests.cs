using System.Net;
using System.Text;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

using Microsoft.Data.Sqlite;

namespace Gatehouse.Server.Tests.Storage;

/// <summary>
/// RFC 9700 §4.14 / §2.5 and the conformance checklist: client secrets, API tokens, refresh tokens, codes and
/// passwords are never stored in clear. The database files are scanned byte for byte after real flows.
/// </summary>
public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task Database_HoldsNoSecretInPlainText()
    {
        await using var server = await GatehouseServer.StartAsync();
        var secrets = new List<string>
        {
            TestSeed.WebClientSecret, TestSeed.RestrictedClientSecret, TestSeed.ServiceClientSecret, TestSeed.ApiToken, TestSeed.AlicePassword,
        };
        using (var http = server.CreateClient())
        {
            var client = new TokenClient(http);
            foreach (var issuer in new[] { server.Origin, server.DefaultIssuer })
            {
                var (request, code) = await Issued.CodeAsync(server, issuer, Issued.OfflineScope);
                var tokens = await client.ExchangeCodeAsync(request, code);
                Assert.Equal(HttpStatusCode.OK, tokens.Status);
                var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
                Assert.Equal(HttpStatusCode.OK, refreshed.Status);
                secrets.AddRange([code, tokens["refresh_token"]!, refreshed["refresh_token"]!]);
            }

            var (restricted, restrictedCode) = await Issued.CodeAsync(server, server.DefaultIssuer, Issued.OfflineScope, TestSeed.RestrictedClientId, TestSeed.RestrictedClientSecret);
            var restrictedTokens = await client.ExchangeCodeAsync(restricted, restrictedCode, secretInBody: true);
            Assert.Equal(HttpStatusCode.OK, restrictedTokens.Status);
            secrets.AddRange([restrictedCode, restrictedTokens["refresh_token"]!]);
            Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(Issued.EndpointBase(server.DefaultIssuer), TestSeed.CustomScope)).Status);
        }

        await server.StopAsync();
        List<byte[]> contents;
        if (TestDatabase.IsPostgres)
        {
            // Every row in PostgreSQL's text form (bytea as hex: the secrets are also looked for hex-encoded below).
            contents = [.. (await server.Database.ReadAllRowsAsync()).Select(Encoding.UTF8.GetBytes)];
        }
        else
        {
            SqliteConnection.ClearAllPools();
            var files = Directory.GetFiles(server.DataDirectory, "gatehouse.db*", SearchOption.AllDirectories);
            Assert.Contains(files, file => Path.GetFileName(file) == "gatehouse.db");
            contents = [.. files.Select(File.ReadAllBytes)];
        }

        // The scan reads real data: the login is stored in clear (it is not a secret).
        Assert.Contains(contents, bytes => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(TestSeed.Alice)) >= 0);
        foreach (var secret in secrets)
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var needle = encoding.GetBytes(secret);
                Assert.False(contents.Any(bytes => bytes.AsSpan().IndexOf(needle) >= 0), $"'{secret}' is stored in plain text ({encoding.WebName}).");
                if (TestDatabase.IsPostgres)
                {
                    var hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(needle));
                    Assert.False(contents.Any(bytes => bytes.AsSpan().IndexOf(hex) >= 0), $"'{secret}' is stored in plain text ({encoding.WebName}, as bytea).");
                }
            }
        }
    }
}
