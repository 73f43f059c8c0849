using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.Conformance;

/// <summary>
/// The checks the OIDF conformance suite repeats in every module (<c>PerformStandardIdTokenChecks</c>, the
/// authorization response checks), written once.
/// </summary>
internal static class ConformanceChecks
{
    /// <summary>
    /// The suite's PerformStandardIdTokenChecks: RS256 signature by a key of the issuer's JWKS (by <c>kid</c>),
    /// <c>iss</c>, <c>aud</c>, <c>exp</c>/<c>iat</c> against the server's clock, <c>nonce</c> (only when sent),
    /// <c>sub</c>, and <c>auth_time</c> when <c>max_age</c> was requested (OIDC Core §3.1.3.7, §2).
    /// </summary>
    public static async Task<JsonElement> PerformStandardIdTokenChecksAsync(GatehouseServer server, HttpClient http, AuthorizeRequest request, string? idToken)
    {
        Assert.False(string.IsNullOrEmpty(idToken), "The token response has no id_token.");
        var header = Jwt.Header(idToken);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        var kid = header.GetProperty("kid").GetString();
        Assert.False(string.IsNullOrEmpty(kid));
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(request.EndpointBase + "/keys"));
        Assert.Contains(kid, jwks.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()));

        var validation = await Jwt.ValidateAsync(http, request.EndpointBase + "/keys", idToken, request.Issuer, request.ClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);

        var claims = Jwt.Payload(idToken);
        var now = server.Clock.GetUtcNow().ToUnixTimeSeconds();
        var issuedAt = claims.GetProperty("iat").GetInt64();
        var expires = claims.GetProperty("exp").GetInt64();
        Assert.InRange(issuedAt, now - 300, now + 5);
        Assert.True(expires > now, $"exp {expires} is not after now {now}.");
        Assert.Equal(request.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(request.ClientId, claims.GetProperty("aud").ValueKind == JsonValueKind.Array
            ? Assert.Single(claims.GetProperty("aud").EnumerateArray()).GetString()
            : claims.GetProperty("aud").GetString());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("sub").GetString()));
        if (request.Nonce is null)
        {
            Assert.False(claims.TryGetProperty("nonce", out _), "A nonce was returned that the client never sent.");
        }
        else
        {
            Assert.Equal(request.Nonce, claims.GetProperty("nonce").GetString());
        }

        if (request.MaxAge is not null)
        {
            Assert.Equal(JsonValueKind.Number, claims.GetProperty("auth_time").ValueKind);
        }

        return claims;
    }

    /// <summary>
    /// An authorization response delivered as the response mode asks: a redirect with the query (RFC 6749 §4.1.2)
    /// or an auto-submitting form POSTed to the redirect URI (OAuth 2.0 Form Post Response Mode §2).
    /// </summary>
    public static void AssertDeliveredInResponseMode(AuthorizeRequest request, AuthorizationResult result)
    {
        Assert.NotNull(result.RedirectedTo);
        if (request.ResponseMode == "form_post")
        {
            Assert.NotNull(result.PageBody);
            Assert.Matches("<form[^>]*method=\"post\"", result.PageBody);
            Assert.DoesNotContain("enctype", result.PageBody, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(request.RedirectUri, result.RedirectedTo!.ToString());
        }
        else
        {
            Assert.Null(result.PageBody);
            Assert.Equal(request.RedirectUri, result.RedirectedTo!.GetLeftPart(UriPartial.Path));
            Assert.True(result.RedirectedTo.Query.Length > 1, "The response is not in the query.");
            Assert.Empty(result.RedirectedTo.Fragment);
        }
    }

    /// <summary>A successful authorization response: a code, <c>state</c> echoed unchanged, <c>iss</c> (RFC 9207).</summary>
    public static string AssertCode(AuthorizeRequest request, AuthorizationResult result)
    {
        AssertDeliveredInResponseMode(request, result);
        Assert.Null(result.Error);
        Assert.False(string.IsNullOrEmpty(result.Code));
        Assert.Equal(request.Issuer, result.Parameters["iss"]);
        if (request.State is null)
        {
            Assert.False(result.Parameters.ContainsKey("state"));
        }
        else
        {
            Assert.Equal(request.State, result.Parameters["state"]);
        }

        return result.Code!;
    }

    /// <summary>An error response at the client's redirect URI: one of the allowed errors, state and iss, no code.</summary>
    public static void AssertErrorAtClient(AuthorizeRequest request, AuthorizationResult result, params string[] allowed)
    {
        AssertDeliveredInResponseMode(request, result);
        Assert.Contains(result.Error, allowed);
        Assert.Null(result.Code);
        Assert.Equal(request.Issuer, result.Parameters["iss"]);
        if (request.State is not null)
        {
            Assert.Equal(request.State, result.Parameters["state"]);
        }
    }

    /// <summary>
    /// The suite's "error page or error response" outcome: either an error sent back to the registered redirect
    /// URI, or an error page on Gatehouse (4xx, no Location, no code).
    /// </summary>
    public static void AssertErrorPageOrErrorAtClient(AuthorizeRequest request, AuthorizationResult result, params string[] allowed)
    {
        if (result.RedirectedTo is not null && !result.RedirectedTo.AbsolutePath.Equals("/signin", StringComparison.Ordinal))
        {
            Assert.Equal(request.RedirectUri, result.RedirectedTo.GetLeftPart(UriPartial.Path));
            Assert.Contains(result.Error, allowed);
            Assert.Null(result.Code);
        }
        else
        {
            Assert.Null(result.RedirectedTo);
            Assert.NotNull(result.PageStatus);
            Assert.InRange((int)result.PageStatus!.Value, 400, 499);
            Assert.Contains(allowed, error => result.PageBody!.Contains(error, StringComparison.Ordinal));
            Assert.DoesNotContain("name=\"code\"", result.PageBody, StringComparison.Ordinal);
        }
    }

    /// <summary>A response that must never leave Gatehouse: no redirect anywhere but Gatehouse itself.</summary>
    public static void AssertNoRedirectOffGatehouse(GatehouseServer server, HttpResponseMessage response)
    {
        if (response.Headers.Location is { } location)
        {
            var target = new Uri(new Uri(server.Origin), location);
            Assert.Equal(server.Origin, target.GetLeftPart(UriPartial.Authority));
        }

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
    }

    public static Dictionary<string, string> Query(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());

    public static async Task<HttpStatusCode> UserInfoStatusAsync(HttpClient http, string endpointBase, string accessToken) =>
        (await new TokenClient(http).UserInfoAsync(endpointBase, accessToken)).Status;
}
