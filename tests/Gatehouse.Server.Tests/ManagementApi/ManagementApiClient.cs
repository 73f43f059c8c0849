using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>Calls <c>/api/v1</c> with <c>Authorization: SSWS {token}</c> and reads Okta's JSON and errors.</summary>
internal sealed partial class ManagementApiClient(HttpClient http, string? token = TestSeed.ApiToken) : IDisposable
{
    private readonly HttpClient _http = http;

    public ManagementApiClient(GatehouseServer server, string? token = TestSeed.ApiToken)
        : this(server.CreateClient(), token)
    {
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<ApiResponse> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body));

    public Task<ApiResponse> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, JsonSerializer.Serialize(body ?? new { }));

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var links = response.Headers.TryGetValues("Link", out var values) ? values.ToList() : [];
        return new ApiResponse(response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone(), links);
    }

    /// <summary>The URL of a <c>Link</c> header with the given <c>rel</c>, or null.</summary>
    public static string? Link(ApiResponse response, string rel) =>
        response.Links.Select(link => LinkPattern().Match(link)).FirstOrDefault(match => match.Success && match.Groups[2].Value == rel)?.Groups[1].Value;

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("^<([^>]+)>; rel=\"([^\"]+)\"$")]
    private static partial Regex LinkPattern();
}

internal sealed record ApiResponse(HttpStatusCode Status, JsonElement? Body, IReadOnlyList<string> Links)
{
    public JsonElement Json => Body ?? throw new InvalidOperationException("The response has no body.");

    public string? this[string property] => Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Asserts Okta's error shape (okta-reference.md §3) and returns the error's causes.</summary>
    public IReadOnlyList<string> AssertOktaError(HttpStatusCode status, string code)
    {
        Assert.Equal(status, Status);
        Assert.Equal(code, this["errorCode"]);
        Assert.Equal(code, this["errorLink"]);
        Assert.False(string.IsNullOrEmpty(this["errorSummary"]));
        Assert.StartsWith("oae", this["errorId"], StringComparison.Ordinal);
        return [.. Json.GetProperty("errorCauses").EnumerateArray().Select(cause => cause.GetProperty("errorSummary").GetString()!)];
    }
}
