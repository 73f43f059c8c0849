using System.Net;

namespace Gatehouse.Bench.LoadDriver;

/// <summary>
/// One browser: its own cookie jar over the shared, keep-alive connection pool (the handler keeps no cookies, so
/// every sign-in starts with fresh cookies without paying a new TLS handshake). Follows redirects itself, to stop
/// at the client's redirect URI.
/// </summary>
internal sealed class BrowserSession(HttpClient http)
{
    private const int MaxRedirects = 10;
    private readonly CookieContainer _cookies = new();

    /// <summary>Sends the request, then follows redirects until a page (not a redirect) or a URL under <paramref name="stopAt"/>.</summary>
    public async Task<(HttpResponseMessage Response, Uri Url)> NavigateAsync(HttpRequestMessage request, string stopAt, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        for (var hop = 0; ; hop++)
        {
            if (_cookies.GetCookieHeader(url) is { Length: > 0 } cookie)
            {
                request.Headers.Add("Cookie", cookie);
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    _cookies.SetCookies(url, setCookie);
                }
            }

            var status = (int)response.StatusCode;
            if (status is < 300 or >= 400 || response.Headers.Location is null)
            {
                return (response, url);
            }

            var next = new Uri(url, response.Headers.Location);
            response.Dispose();
            if (next.AbsoluteUri.StartsWith(stopAt, StringComparison.Ordinal))
            {
                return (new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = next } }, next);
            }

            if (hop == MaxRedirects)
            {
                throw new FlowException($"More than {MaxRedirects} redirects, last to {next.GetLeftPart(UriPartial.Path)}.");
            }

            url = next;
            request = new HttpRequestMessage(HttpMethod.Get, url);
        }
    }
}

/// <summary>An operation that did not complete as a client expects: counted as an error.</summary>
public sealed class FlowException(string message) : Exception(message);
