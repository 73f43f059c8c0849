using System.Security.Cryptography;
using System.Text;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>An authorization request as a client builds it (RFC 6749 §4.1.1, PKCE RFC 7636).</summary>
public sealed record AuthorizeRequest
{
    public required string Issuer { get; init; }

    /// <summary>Where the issuer's endpoints live: org server "/oauth2/v1", custom "/oauth2/{id}/v1".</summary>
    public string EndpointBase => Issuer.Contains("/oauth2/", StringComparison.Ordinal) ? Issuer + "/v1" : Issuer + "/oauth2/v1";

    public string ClientId { get; init; } = TestSeed.WebClientId;

    public string ClientSecret { get; init; } = TestSeed.WebClientSecret;

    public string RedirectUri { get; init; } = TestSeed.WebRedirectUri;

    public string Scope { get; init; } = "openid profile email";

    public string? State { get; init; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public string? Nonce { get; init; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public string? CodeVerifier { get; init; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string ResponseType { get; init; } = "code";

    public string? ResponseMode { get; init; }

    public string? Prompt { get; init; }

    public int? MaxAge { get; init; }

    public string? LoginHint { get; init; }

    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();

    public string? CodeChallenge => CodeVerifier is null ? null : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));

    public Dictionary<string, string?> Parameters()
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = ResponseType,
            ["scope"] = Scope,
        };
        Add(parameters, "state", State);
        Add(parameters, "nonce", Nonce);
        Add(parameters, "code_challenge", CodeChallenge);
        Add(parameters, "code_challenge_method", CodeChallenge is null ? null : "S256");
        Add(parameters, "response_mode", ResponseMode);
        Add(parameters, "prompt", Prompt);
        Add(parameters, "max_age", MaxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(parameters, "login_hint", LoginHint);
        foreach (var (key, value) in Extra)
        {
            parameters[key] = value;
        }

        return parameters;
    }

    public string Url => QueryHelpers.AddQueryString(EndpointBase + "/authorize", Parameters());

    private static void Add(Dictionary<string, string?> parameters, string key, string? value)
    {
        if (value is not null)
        {
            parameters[key] = value;
        }
    }
}
