using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Cli.Http;

/// <summary>
/// The management API client of the CLI (okta-reference.md §3): <c>Authorization: SSWS {token}</c>, JSON both ways,
/// paging through <c>Link: rel="next"</c>. Okta errors become a <see cref="CliException"/> with the
/// <c>errorSummary</c>, the causes and the exit code of the status; network and TLS failures say what to check.
/// </summary>
internal sealed class ManagementClient : IDisposable
{
    private readonly HttpClient _http;

    private ManagementClient(HttpClient http, string orgUrl)
    {
        _http = http;
        OrgUrl = orgUrl;
    }

    public string OrgUrl { get; }

    public static ManagementClient Create(string orgUrl, string? apiToken, string? caFile)
    {
        var http = new HttpClient(ServerTrust.CreateHandler(caFile), disposeHandler: true)
        {
            BaseAddress = new Uri(orgUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(100),
        };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gatehouse-cli", "1.0"));
        if (apiToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("SSWS", apiToken);
        }

        return new ManagementClient(http, orgUrl.TrimEnd('/'));
    }

    public async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, cancellationToken)).Body;

    public async Task<JsonNode?> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, path, body ?? new JsonObject(), cancellationToken)).Body;

    public async Task<JsonNode?> PutAsync(string path, JsonNode? body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Put, path, body ?? new JsonObject(), cancellationToken)).Body;

    public async Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Every item of a list, following the <c>next</c> links.</summary>
    public async Task<List<JsonObject>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? next = path;
        while (next is not null)
        {
            var (body, link) = await SendAsync(HttpMethod.Get, next, null, cancellationToken);
            if (body is JsonArray array)
            {
                // Detached from the page, so that callers can put them in a new array (a node has one parent).
                var page = array.OfType<JsonObject>().ToList();
                array.Clear();
                items.AddRange(page);
            }

            next = link;
        }

        return items;
    }

    /// <summary>One page and the <c>next</c> link (for <c>logs --follow</c>, which polls it).</summary>
    public async Task<(JsonNode? Body, string? Next)> GetPageAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<(JsonNode? Body, string? Next)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException failure) when (failure.InnerException is AuthenticationException tls)
        {
            throw new CliException(ExitCodes.Unreachable,
                $"Could not verify the TLS certificate of {OrgUrl}: {tls.Message} If the server uses its own CA, " +
                "give it with --ca-file DATA/tls/ca.pem (or GATEHOUSE_CA_FILE).");
        }
        catch (HttpRequestException failure)
        {
            throw new CliException(ExitCodes.Unreachable, $"Could not reach {OrgUrl}: {failure.Message} Is the server running, and the URL right?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{OrgUrl} did not answer in time.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw ToException(response.StatusCode, text);
            }

            var next = response.Headers.TryGetValues("Link", out var links) ? NextLink(links) : null;
            return (text.Length == 0 ? null : Parse(text), next);
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.ServerError, "The server's answer was not JSON: is the org URL a Gatehouse (or Okta) server?");
        }
    }

    /// <summary>Okta's error body: errorCode, errorSummary, errorCauses[].errorSummary (okta-reference.md §3).</summary>
    private static CliException ToException(HttpStatusCode status, string text)
    {
        JsonNode? error = null;
        try
        {
            error = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            // Not an Okta error body (a proxy's page): the status says enough.
        }

        var code = error?["errorCode"]?.GetValue<string>();
        var summary = error?["errorSummary"]?.GetValue<string>() ?? $"The server answered {(int)status} {status}.";
        var causes = error?["errorCauses"] is JsonArray list
            ? list.Select(cause => cause?["errorSummary"]?.GetValue<string>()).OfType<string>().ToList()
            : [];
        var hint = code switch
        {
            "E0000011" => " Your API token was refused: run `gatehouse login` with a valid token.",
            "E0000006" => " The API token's user is not allowed to do this (a SUPER_ADMIN is needed to change things).",
            "E0000015" => " The org is missing a feature required to use the CLI: API Access Management.",
            _ => string.Empty,
        };
        return new CliException(ExitCodes.ForStatus((int)status), (code is null ? summary : $"{summary} ({code})") + hint, causes);
    }

    private static string? NextLink(IEnumerable<string> headers)
    {
        foreach (var header in headers.SelectMany(value => value.Split(',')))
        {
            var parts = header.Split(';');
            if (parts.Skip(1).Any(part => part.Trim().Replace(" ", string.Empty, StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                return parts[0].Trim().TrimStart('<').TrimEnd('>');
            }
        }

        return null;
    }
}
