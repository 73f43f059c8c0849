using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>Back-channel calls as a confidential client makes them (RFC 6749 §2.3.1 client authentication).</summary>
public sealed class TokenClient(HttpClient http)
{
    public Task<TokenResponse> ExchangeCodeAsync(AuthorizeRequest request, string code, string? codeVerifier = null, bool secretInBody = false) =>
        PostAsync(request.EndpointBase + "/token", request.ClientId, request.ClientSecret, secretInBody, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = codeVerifier ?? request.CodeVerifier,
        });

    public Task<TokenResponse> RefreshAsync(string endpointBase, string refreshToken, string clientId = TestSeed.WebClientId, string clientSecret = TestSeed.WebClientSecret) =>
        PostAsync(endpointBase + "/token", clientId, clientSecret, false, new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        });

    public Task<TokenResponse> ClientCredentialsAsync(string endpointBase, string? scope, string clientId = TestSeed.ServiceClientId, string clientSecret = TestSeed.ServiceClientSecret) =>
        PostAsync(endpointBase + "/token", clientId, clientSecret, false, new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
        });

    public Task<TokenResponse> IntrospectAsync(string endpointBase, string token, string clientId = TestSeed.WebClientId, string clientSecret = TestSeed.WebClientSecret) =>
        PostAsync(endpointBase + "/introspect", clientId, clientSecret, false, new() { ["token"] = token });

    public Task<TokenResponse> RevokeAsync(string endpointBase, string token, string clientId = TestSeed.WebClientId, string clientSecret = TestSeed.WebClientSecret) =>
        PostAsync(endpointBase + "/revoke", clientId, clientSecret, false, new() { ["token"] = token });

    public async Task<TokenResponse> UserInfoAsync(string endpointBase, string accessToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, endpointBase + "/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await TokenResponse.ReadAsync(await http.SendAsync(message));
    }

    public async Task<TokenResponse> PostAsync(string url, string? clientId, string? clientSecret, bool secretInBody, Dictionary<string, string?> form)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url);
        if (clientId is not null && secretInBody)
        {
            form["client_id"] = clientId;
            form["client_secret"] = clientSecret;
        }
        else if (clientId is not null)
        {
            // RFC 6749 §2.3.1: form-urlencode each part, then base64 the pair.
            var pair = $"{WebUtility.UrlEncode(clientId)}:{WebUtility.UrlEncode(clientSecret)}";
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        message.Content = new FormUrlEncodedContent(form.Where(pair => pair.Value is not null).Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value!)));
        return await TokenResponse.ReadAsync(await http.SendAsync(message));
    }
}

public sealed record TokenResponse(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)
{
    public string? this[string name] => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default;
        return new TokenResponse(response.StatusCode, json, response);
    }
}
