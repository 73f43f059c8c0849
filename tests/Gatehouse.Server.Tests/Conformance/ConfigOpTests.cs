using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Conformance;

/// <summary>The OIDF Config OP plan (<c>oidcc-config-certification-test-plan</c>): its one module, per issuer.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed partial class ConfigOpTests(GatehouseServerFixture fixture)
{
    private static readonly string[] UriFields =
    [
        "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint",
        "introspection_endpoint", "revocation_endpoint", "registration_endpoint", "service_documentation",
        "op_policy_uri", "op_tos_uri",
    ];

    private static readonly string[] StringArrayFields =
    [
        "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported",
        "acr_values_supported", "subject_types_supported", "id_token_signing_alg_values_supported",
        "id_token_encryption_alg_values_supported", "userinfo_signing_alg_values_supported",
        "request_object_signing_alg_values_supported", "token_endpoint_auth_methods_supported",
        "token_endpoint_auth_signing_alg_values_supported", "display_values_supported", "claim_types_supported",
        "claims_supported", "claims_locales_supported", "ui_locales_supported", "code_challenge_methods_supported",
        "prompt_values_supported",
    ];

    private static readonly string[] BooleanFields =
    [
        "claims_parameter_supported", "request_parameter_supported", "request_uri_parameter_supported",
        "require_request_uri_registration", "authorization_response_iss_parameter_supported",
    ];

    private static readonly string[] LocaleFields = ["claims_locales_supported", "ui_locales_supported"];

    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccDiscoveryEndpointVerification_MetadataIsCompleteAndWellFormed(bool orgServer)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        using var http = Server.CreateClient();

        var response = await http.GetAsync(issuer + "/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // OIDC Discovery §4.3: the issuer is identical to the one the document was fetched for; HTTPS, no query or fragment.
        Assert.Equal(issuer, metadata.GetProperty("issuer").GetString());
        var issuerUri = new Uri(issuer);
        Assert.Equal("https", issuerUri.Scheme);
        Assert.Empty(issuerUri.Query);
        Assert.Empty(issuerUri.Fragment);

        foreach (var required in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri" })
        {
            Assert.True(metadata.TryGetProperty(required, out _), $"{required} is missing.");
        }

        // The metadata schema: every known field has its type; every endpoint is an absolute HTTPS URI.
        foreach (var field in UriFields.Where(field => metadata.TryGetProperty(field, out _)))
        {
            var value = metadata.GetProperty(field).GetString();
            Assert.True(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "https", $"{field}: {value}");
        }

        foreach (var field in StringArrayFields.Where(field => metadata.TryGetProperty(field, out _)))
        {
            Assert.Equal(JsonValueKind.Array, metadata.GetProperty(field).ValueKind);
            Assert.All(metadata.GetProperty(field).EnumerateArray(), item => Assert.Equal(JsonValueKind.String, item.ValueKind));
        }

        foreach (var field in BooleanFields.Where(field => metadata.TryGetProperty(field, out _)))
        {
            Assert.Contains(metadata.GetProperty(field).ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }

        Assert.Contains("openid", Strings(metadata, "scopes_supported"));
        Assert.Contains("code", Strings(metadata, "response_types_supported"));
        Assert.NotEmpty(Strings(metadata, "subject_types_supported"));
        Assert.All(Strings(metadata, "subject_types_supported"), type => Assert.True(type is "public" or "pairwise", type));
        Assert.Contains("RS256", Strings(metadata, "id_token_signing_alg_values_supported"));
        Assert.Contains("authorization_code", Strings(metadata, "grant_types_supported"));
        Assert.Contains("client_secret_basic", Strings(metadata, "token_endpoint_auth_methods_supported"));

        // Not supported, and said so: claims parameter, request objects.
        Assert.False(metadata.GetProperty("claims_parameter_supported").GetBoolean());
        Assert.False(metadata.GetProperty("request_parameter_supported").GetBoolean());
        Assert.False(metadata.GetProperty("request_uri_parameter_supported").GetBoolean());
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());

        // Locales, when listed, are BCP 47 language tags.
        foreach (var field in LocaleFields.Where(field => metadata.TryGetProperty(field, out _)))
        {
            Assert.All(Strings(metadata, field), tag => Assert.Matches(LanguageTag(), tag));
        }

        // jwks_uri serves RSA public keys with a kid, usable for RS256 signature checks.
        var jwksResponse = await http.GetAsync(metadata.GetProperty("jwks_uri").GetString());
        Assert.Equal(HttpStatusCode.OK, jwksResponse.StatusCode);
        var keys = JsonDocument.Parse(await jwksResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.False(string.IsNullOrEmpty(key.GetProperty("n").GetString()));
            Assert.False(string.IsNullOrEmpty(key.GetProperty("e").GetString()));
            Assert.False(key.TryGetProperty("d", out _));
            if (key.TryGetProperty("use", out var use))
            {
                Assert.Equal("sig", use.GetString());
            }
        });
        Assert.Equal(keys.Count, keys.Select(key => key.GetProperty("kid").GetString()).Distinct().Count());
    }

    private static List<string?> Strings(JsonElement metadata, string name) =>
        [.. metadata.GetProperty(name).EnumerateArray().Select(item => item.GetString())];

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
