using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Bench.LoadDriver;

/// <summary>The client side of each operation, written from the specs only (any certified provider must pass it).</summary>
public sealed class OidcClient(HttpClient http, DriverOptions options, ProviderMetadata metadata)
{
    public ProviderMetadata Metadata => metadata;

    /// <summary>Authorization code flow with PKCE (RFC 7636) and a nonce, as a new browser: returns the token response.</summary>
    public async Task<TokenSet> SignInAsync(string username, CancellationToken cancellationToken)
    {
        var browser = new BrowserSession(http);
        var state = RandomToken();
        var nonce = RandomToken();
        var verifier = RandomToken() + RandomToken();
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = new UriBuilder(metadata.AuthorizationEndpoint)
        {
            Query = Query(("client_id", options.ClientId), ("response_type", "code"), ("scope", "openid profile email offline_access"),
                ("redirect_uri", options.RedirectUri), ("state", state), ("nonce", nonce), ("code_challenge", challenge),
                ("code_challenge_method", "S256")),
        }.Uri;

        var (page, pageUrl) = await browser.NavigateAsync(new HttpRequestMessage(HttpMethod.Get, authorize), options.RedirectUri, cancellationToken);
        using (page)
        {
            Expect(page, HttpStatusCode.OK, "authorize");
            var form = LoginForm.Fill(await page.Content.ReadAsStringAsync(cancellationToken), pageUrl, username, options.Password);
            var (final, callback) = await browser.NavigateAsync(form, options.RedirectUri, cancellationToken);
            final.Dispose();
            if (!callback.AbsoluteUri.StartsWith(options.RedirectUri, StringComparison.Ordinal))
            {
                throw new FlowException($"Sign-in ended on {callback.GetLeftPart(UriPartial.Path)} ({(int)final.StatusCode}), not at the redirect URI.");
            }

            var parameters = ParseQuery(callback.Query);
            if (!parameters.TryGetValue("code", out var code) || parameters.GetValueOrDefault("state") != state)
            {
                throw new FlowException($"Callback without code or with a wrong state: error={parameters.GetValueOrDefault("error")}.");
            }

            var tokens = await TokenAsync(options.ClientId, options.ClientSecret, cancellationToken,
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", options.RedirectUri), ("code_verifier", verifier));
            var idToken = tokens.IdToken ?? throw new FlowException("No ID token.");
            if (JwtPayload(idToken).TryGetProperty("nonce", out var claim) is false || claim.GetString() != nonce)
            {
                throw new FlowException("The ID token's nonce is not the one sent.");
            }

            return tokens;
        }
    }

    public Task<TokenSet> ClientCredentialsAsync(CancellationToken cancellationToken) =>
        TokenAsync(options.ServiceClientId, options.ServiceClientSecret, cancellationToken, ("grant_type", "client_credentials"), ("scope", options.ServiceScope));

    public Task<TokenSet> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync(options.ClientId, options.ClientSecret, cancellationToken, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    public async Task UserInfoAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, metadata.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        Expect(response, HttpStatusCode.OK, "userinfo");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!json.RootElement.TryGetProperty("sub", out _))
        {
            throw new FlowException("userinfo without sub.");
        }
    }

    public async Task DiscoveryAndJwksAsync(CancellationToken cancellationToken)
    {
        await GetJsonAsync(http, metadata.DiscoveryUrl, cancellationToken);
        using var jwks = await GetJsonAsync(http, metadata.JwksUri, cancellationToken);
        if (jwks.RootElement.GetProperty("keys").GetArrayLength() == 0)
        {
            throw new FlowException("Empty JWKS.");
        }
    }

    /// <summary>GET with the management API's <c>SSWS</c> token; the body must be a JSON array.</summary>
    public async Task<int> ManagementListAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Issuer.GetLeftPart(UriPartial.Authority)), pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", options.ApiToken);
        using var response = await http.SendAsync(request, cancellationToken);
        Expect(response, HttpStatusCode.OK, "management API");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetArrayLength();
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        Expect(response, HttpStatusCode.OK, url.AbsolutePath);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private async Task<TokenSet> TokenAsync(string clientId, string secret, CancellationToken cancellationToken, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(form.Select(field => new KeyValuePair<string, string>(field.Name, field.Value))),
        };
        // client_secret_basic (RFC 6749 §2.3.1): both parts form-encoded before base64.
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
            Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new FlowException($"token ({form[0].Value}): {(int)response.StatusCode} {Truncate(body)}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new TokenSet(
            root.GetProperty("access_token").GetString() ?? throw new FlowException("No access token."),
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.TryGetProperty("id_token", out var id) ? id.GetString() : null);
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new FlowException($"{what}: {(int)response.StatusCode}, expected {(int)status}.");
        }
    }

    private static JsonElement JwtPayload(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new FlowException("The ID token is not a signed JWT.");
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.Clone();
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : "", StringComparer.Ordinal);

    private static string Query(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(parameter => Uri.EscapeDataString(parameter.Name) + "=" + Uri.EscapeDataString(parameter.Value)));

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}

public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken);

/// <summary>The endpoints from the issuer's discovery document (OpenID Connect Discovery 1.0).</summary>
public sealed record ProviderMetadata(Uri DiscoveryUrl, Uri AuthorizationEndpoint, Uri TokenEndpoint, Uri UserInfoEndpoint, Uri JwksUri)
{
    public static async Task<ProviderMetadata> LoadAsync(HttpClient http, Uri issuer, CancellationToken cancellationToken)
    {
        var discovery = new Uri(issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        using var json = await OidcClient.GetJsonAsync(http, discovery, cancellationToken);
        Uri Endpoint(string name) => new(json.RootElement.GetProperty(name).GetString()!);
        return new ProviderMetadata(discovery, Endpoint("authorization_endpoint"), Endpoint("token_endpoint"), Endpoint("userinfo_endpoint"), Endpoint("jwks_uri"));
    }
}
