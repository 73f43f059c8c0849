using System.Net;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>
/// A browser as far as the redirect model needs one: keeps cookies, follows redirects within Gatehouse, fills the
/// hosted sign-in form (with its CSRF token) and stops at the client's redirect URI.
/// </summary>
public sealed partial class Browser(HttpClient http, string origin) : IDisposable
{
    private readonly HttpClient _http = http;

    public Browser(GatehouseServer server)
        : this(server.CreateClient(new CookieContainer()), server.Origin)
    {
    }

    public HttpClient Http => _http;

    /// <summary>Starts an authorization request and signs in on the hosted page if asked to.</summary>
    public async Task<AuthorizationResult> AuthorizeAsync(AuthorizeRequest request, string? username = TestSeed.Alice, string? password = TestSeed.AlicePassword) =>
        await FollowAsync(await _http.GetAsync(request.Url), username, password);

    /// <summary>Continues from a response of Gatehouse (for example a POSTed authorization request) like <see cref="AuthorizeAsync"/>.</summary>
    public async Task<AuthorizationResult> FollowAsync(HttpResponseMessage response, string? username = TestSeed.Alice, string? password = TestSeed.AlicePassword)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var hops = 0; hops < 10; hops++)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                var location = new Uri(new Uri(origin), response.Headers.Location!);
                if (!location.GetLeftPart(UriPartial.Authority).Equals(origin, StringComparison.OrdinalIgnoreCase))
                {
                    return AuthorizationResult.FromRedirect(location);
                }

                if (location.AbsolutePath == "/signin")
                {
                    if (username is null)
                    {
                        return AuthorizationResult.SignInPage(location);
                    }

                    response = await SubmitSignInAsync(location, username, password!);
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        return AuthorizationResult.FromPage(response.StatusCode, await response.Content.ReadAsStringAsync());
                    }

                    continue;
                }

                response = await _http.GetAsync(location);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            return FormPostPattern().IsMatch(body) ? AuthorizationResult.FromFormPost(body) : AuthorizationResult.FromPage(response.StatusCode, body);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>GETs the sign-in page, then POSTs the form with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> SubmitSignInAsync(Uri signInPage, string username, string password)
    {
        var page = await _http.GetStringAsync(signInPage);
        var form = new Dictionary<string, string>
        {
            ["Input.Username"] = username,
            ["Input.Password"] = password,
            ["__csrf"] = HiddenInput(page, "__csrf"),
            ["ReturnUrl"] = WebUtility.HtmlDecode(HiddenInput(page, "ReturnUrl")),
        };
        return await _http.PostAsync(signInPage, new FormUrlEncodedContent(form));
    }

    public static string HiddenInput(string html, string name)
    {
        var match = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            match = Regex.Match(html, $"<input[^>]*value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"", RegexOptions.IgnoreCase);
        }

        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No input '{name}' in page.");
    }

    public void Dispose() => _http.Dispose();

    // A form_post response posts to the client (an action); Gatehouse's own forms (change password) post back.
    [GeneratedRegex("<form(?=[^>]*method=\"post\")(?=[^>]*action=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormPostPattern();
}

/// <summary>How an authorization request ended: a redirect to the client, a form_post, or a page on Gatehouse.</summary>
public sealed record AuthorizationResult(Uri? RedirectedTo, IReadOnlyDictionary<string, string> Parameters, HttpStatusCode? PageStatus, string? PageBody)
{
    public string? Code => Parameters.GetValueOrDefault("code");

    public string? Error => Parameters.GetValueOrDefault("error");

    public static AuthorizationResult FromRedirect(Uri location) =>
        new(location, QueryHelpers.ParseQuery(location.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString()), null, null);

    public static AuthorizationResult SignInPage(Uri location) => new(location, new Dictionary<string, string>(), HttpStatusCode.OK, "signin");

    public static AuthorizationResult FromPage(HttpStatusCode status, string body) => new(null, new Dictionary<string, string>(), status, body);

    public static AuthorizationResult FromFormPost(string body)
    {
        var action = Regex.Match(body, "<form[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase).Groups[1].Value;
        var fields = Regex.Matches(body, "<input[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)
            .ToDictionary(match => WebUtility.HtmlDecode(match.Groups[1].Value), match => WebUtility.HtmlDecode(match.Groups[2].Value));
        return new(new Uri(WebUtility.HtmlDecode(action)), fields, null, body);
    }
}
