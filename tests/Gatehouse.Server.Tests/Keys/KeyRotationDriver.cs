using System.Net;

using Gatehouse.Server.Hosting;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.Keys;

/// <summary>Drives key rotation the way operators and the schedule do, and reads what clients see.</summary>
internal static class KeyRotationDriver
{
    public static readonly TimeSpan PropagationDelay = new GatehouseOptions().SigningKeyPropagationDelay;

    /// <summary>Runs <c>gatehouse keys rotate</c>'s code on the running server; returns what it printed.</summary>
    public static async Task<string> RotateAsync(GatehouseServer server, string? authorizationServer = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await KeysCommand.RotateAsync(server.Services, authorizationServer, output, error, CancellationToken.None);
        Assert.True(exitCode == 0, $"keys rotate failed: {error}");
        return output.ToString();
    }

    /// <summary>The scheduled check, run now instead of at the timer's next tick.</summary>
    public static Task<IReadOnlyList<KeyRotationResult>> CheckAsync(GatehouseServer server) =>
        server.Services.GetRequiredService<KeyRotation>().CheckAsync(CancellationToken.None);

    public static async Task<string[]> KidsAsync(GatehouseServer server, string issuer)
    {
        using var http = server.CreateClient();
        return await IssuerIsolationTests.KidsAsync(http, Issued.EndpointBase(issuer) + "/keys");
    }

    public static string Kid(string jwt) => Jwt.Header(jwt).GetProperty("kid").GetString()!;

    /// <summary>Redeems a refresh token: fresh ID and access tokens signed now.</summary>
    public static async Task<TokenResponse> RefreshAsync(GatehouseServer server, string issuer, string refreshToken)
    {
        using var http = server.CreateClient();
        var refreshed = await new TokenClient(http).RefreshAsync(Issued.EndpointBase(issuer), refreshToken);
        Assert.True(refreshed.Status == HttpStatusCode.OK, $"Refresh failed: {refreshed.Status} {refreshed.Json}");
        return refreshed;
    }

    /// <summary>Validates a token against the issuer's JWKS as fetched now, as a relying party does.</summary>
    public static async Task AssertValidAgainstJwksAsync(GatehouseServer server, string issuer, string idToken)
    {
        using var http = server.CreateClient();
        var validation = await Jwt.ValidateAsync(http, Issued.EndpointBase(issuer) + "/keys", idToken, issuer, TestSeed.WebClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
    }
}
