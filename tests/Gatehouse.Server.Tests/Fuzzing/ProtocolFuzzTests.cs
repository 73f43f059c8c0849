using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

using Microsoft.IdentityModel.Tokens;

using Xunit.Abstractions;

namespace Gatehouse.Server.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of every protocol endpoint on both issuers and of the sign-in form: seeded random and
/// hostile requests (huge, empty, duplicated, unicode, CRLF, <c>javascript:</c> and foreign URIs, wrong content
/// types, bad JSON, broken client authentication). For every request: no 5xx, no redirect or form_post to a URI
/// that is not registered for the client, no reflected script, and the answer the endpoint's specification
/// prescribes. The seed is printed and in every failure; replay with <c>GATEHOUSE_FUZZ_SEED=n</c>, and change the
/// number of cases per endpoint with <c>GATEHOUSE_FUZZ_CASES=n</c>.
/// </summary>
public sealed partial class ProtocolFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCasesPerEndpoint = 100;

    /// <summary>Statuses the HTTP layer itself may answer for oversized or unroutable requests (RFC 9110 §15.5).</summary>
    private static readonly HttpStatusCode[] TransportRejections =
    [
        HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.RequestUriTooLong, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.RequestHeaderFieldsTooLarge,
    ];

    private static readonly string[] ResponseTypes = ["code", "token", "id_token", "code id_token", "none", "code token"];
    private static readonly string[] ResponseModes = ["query", "fragment", "form_post", "okta_post_message", "jwt"];
    private static readonly string[] Prompts = ["none", "login", "consent", "select_account", "login consent"];
    private static readonly string[] Scopes = ["openid profile email", "openid offline_access", "openid " + TestSeed.CustomScope, "profile", "openid"];
    private static readonly string[] GrantTypes =
    [
        "authorization_code", "refresh_token", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:device_code",
        "urn:ietf:params:oauth:grant-type:token-exchange", "implicit",
    ];

    [Fact]
    public async Task AllEndpoints_AnswerHostileRequestsAsTheirSpecificationsPrescribe()
    {
        var seed = EnvironmentInt("GATEHOUSE_FUZZ_SEED") ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var cases = EnvironmentInt("GATEHOUSE_FUZZ_CASES") ?? DefaultCasesPerEndpoint;
        output.WriteLine($"Fuzz seed {seed} ({cases} cases per endpoint); replay with GATEHOUSE_FUZZ_SEED={seed}");

        // The sign-in form's per-user and per-IP limits (20 and 100 a minute) would answer a seed-dependent share of
        // the ~100 sign-in cases with 429 (half of them name alice): the limits have their own tests
        // (Abuse/RateLimitTests); here every case must reach the form.
        await using var server = await GatehouseServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gatehouse:RateLimits:SignIn:PerUser"] = "0",
            ["Gatehouse:RateLimits:SignIn:PerIp"] = "0",
        });
        using var run = new FuzzRun(server);
        await run.PrepareAsync();

        var endpoints = new List<(string Name, Func<FuzzValues, string, Task<FuzzCase>> Build, Func<FuzzCase, HttpResponseMessage, string, string?> Check)>();
        foreach (var (issuerName, issuer) in new[] { ("org", server.Origin), ("default", server.DefaultIssuer) })
        {
            var endpointBase = Issued.EndpointBase(issuer);
            endpoints.Add(($"{issuerName} authorize GET", (values, _) => FuzzRun.AuthorizeAsync(values, endpointBase, "GET"), CheckAuthorizeOrLogout(server, TestSeed.WebRedirectUri)));
            endpoints.Add(($"{issuerName} authorize POST", (values, _) => FuzzRun.AuthorizeAsync(values, endpointBase, "POST"), CheckAuthorizeOrLogout(server, TestSeed.WebRedirectUri)));
            endpoints.Add(($"{issuerName} token", (values, _) => FuzzRun.TokenAsync(values, endpointBase), CheckToken));
            endpoints.Add(($"{issuerName} userinfo", (values, _) => FuzzRun.UserInfoAsync(values, endpointBase), CheckUserInfo));
            endpoints.Add(($"{issuerName} introspect", (values, _) => FuzzRun.IntrospectOrRevokeAsync(values, endpointBase + "/introspect"), CheckIntrospection));
            endpoints.Add(($"{issuerName} revoke", (values, _) => FuzzRun.IntrospectOrRevokeAsync(values, endpointBase + "/revoke"), CheckRevocation));
            endpoints.Add(($"{issuerName} logout", (values, _) => FuzzRun.LogoutAsync(values, endpointBase), CheckAuthorizeOrLogout(server, TestSeed.WebPostLogoutRedirectUri)));
        }

        endpoints.Add(("sign-in form", (values, _) => run.SignInAsync(values), CheckSignIn));

        var failures = new List<string>();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var endpointIndex = 0; endpointIndex < endpoints.Count; endpointIndex++)
        {
            var (name, build, check) = endpoints[endpointIndex];
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var caseIndex = 0; caseIndex < cases; caseIndex++)
            {
                // Each case has its own generator, so a failing case replays from the seed whatever ran before it.
                var caseSeed = unchecked((seed * 1_000_003) + (endpointIndex * 10_007) + caseIndex);
                var values = run.Values(new Random(caseSeed), endpointIndex);
                using var fuzzCase = new DisposableCase(await build(values, name));
                var body = fuzzCase.Case.Message.Content is null ? null : Encoding.UTF8.GetString(await fuzzCase.Case.Message.Content.ReadAsByteArrayAsync());
                var description = FuzzCaseBuilder.Describe(fuzzCase.Case.Message, body);
                string? failure;
                HttpStatusCode? status = null;
                try
                {
                    using var response = await run.SendAsync(fuzzCase.Case);
                    status = response.StatusCode;
                    var responseBody = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
                    failure = (int)response.StatusCode >= 500
                        ? $"server error {(int)response.StatusCode}"
                        : CheckNoScriptReflected(response, responseBody)
                            ?? (IsNotAnEndpointMethod(fuzzCase.Case.Message.Method) || IsBareRejectionOfMalformedTarget(fuzzCase.Case.Message, response, responseBody)
                                ? CheckLocation(server, response, TestSeed.WebRedirectUri) is null || CheckLocation(server, response, TestSeed.WebPostLogoutRedirectUri) is null ? null : "redirect to unregistered URI"
                                : check(fuzzCase.Case, response, responseBody));
                    if (failure is not null)
                    {
                        failure += $"\n  response: {(int)response.StatusCode} {response.Content.Headers.ContentType} Location={response.Headers.Location} WWW-Authenticate={response.Headers.WwwAuthenticate} Connection={response.Headers.Connection}\n  {FuzzCaseBuilder.Shorten(responseBody)}";
                    }
                }
                catch (HttpRequestException) when (ExceedsServerLimits(fuzzCase.Case.Message))
                {
                    // The HTTP layer's limits, not an endpoint's answer.
                    failure = null;
                }
                catch (HttpRequestException exception) when (exception.InnerException is IOException && SendsLargeBody(fuzzCase.Case.Message))
                {
                    // Sending the body failed: the server answered early and closed (RFC 9112 §9.6), before the client
                    // had written all of it. Which side wins that race depends on the machine's load.
                    failure = null;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    failure = $"no answer: {exception.GetType().Name}: {exception.Message}";
                }

                var outcome = $"{name} -> {(status is null ? "none" : ((int)status).ToString(CultureInfo.InvariantCulture))}";
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                if (failure is not null)
                {
                    failures.Add($"[{name} case {caseIndex}, case seed {caseSeed}] {failure}\n  request: {description}");
                }
            }

            output.WriteLine($"{name}: {cases} cases in {watch.ElapsedMilliseconds} ms");
        }

        foreach (var (outcome, count) in outcomes)
        {
            output.WriteLine($"{outcome}: {count}");
        }

        foreach (var failure in failures.Take(20))
        {
            output.WriteLine(failure);
        }

        foreach (var failure in failures.Skip(20))
        {
            output.WriteLine(failure.Split('\n')[0]);
        }

        Assert.True(failures.Count == 0, $"Fuzz seed {seed}: {failures.Count} of {endpoints.Count * cases} requests broke the rules. First:\n{string.Join("\n\n", failures.Take(5))}");
    }

    /// <summary>Authorization (RFC 6749 §4.1.2.1) and logout (RP-Initiated Logout §3): Gatehouse's HTML error page, or a redirect / form_post to a registered URI, or a page on Gatehouse.</summary>
    private static Func<FuzzCase, HttpResponseMessage, string, string?> CheckAuthorizeOrLogout(GatehouseServer server, string registeredUri) => (fuzzCase, response, body) =>
    {
        if (CheckLocation(server, response, registeredUri) is { } locationFailure)
        {
            return locationFailure;
        }

        var status = (int)response.StatusCode;
        if (status is 302 or 303)
        {
            return response.Headers.Location is null ? "redirect without Location" : null;
        }

        if (FormAction().Match(body) is { Success: true } form)
        {
            var action = WebUtility.HtmlDecode(form.Groups[1].Value);
            return action == registeredUri ? null : $"form_post to unregistered '{action}'";
        }

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return IsHtml(response) && body.Contains("role=\"alert\"", StringComparison.Ordinal) ? null : "400 without Gatehouse's HTML error page";
        }

        if (response.StatusCode == HttpStatusCode.OK && fuzzCase.Message.Method == HttpMethod.Head)
        {
            return null;
        }

        return TransportRejections.Contains(response.StatusCode) ? null : $"unexpected status {status}";
    };

    /// <summary>Token endpoint (RFC 6749 §5.1, §5.2): tokens, or an OAuth error JSON; 401 invalid_client with a challenge when the Authorization header was used.</summary>
    private static string? CheckToken(FuzzCase fuzzCase, HttpResponseMessage response, string body)
    {
        if (response.Headers.Location is not null)
        {
            return "token endpoint redirected";
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return JsonString(body, "access_token") is null ? "200 without access_token" : null;
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
        {
            if (OAuthError(response, body) is { } failure)
            {
                return failure;
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && fuzzCase.UsedAuthorizationHeader && response.Headers.WwwAuthenticate.Count == 0)
            {
                return "401 without WWW-Authenticate although the client authenticated with the Authorization header (RFC 6749 §5.2)";
            }

            return null;
        }

        return TransportRejections.Contains(response.StatusCode) ? null : $"unexpected status {(int)response.StatusCode}";
    }

    /// <summary>UserInfo (OIDC Core §5.3.3, RFC 6750 §3): claims, or 400/401/403 with a Bearer challenge.</summary>
    private static string? CheckUserInfo(FuzzCase fuzzCase, HttpResponseMessage response, string body)
    {
        if (response.Headers.Location is not null)
        {
            return "userinfo redirected";
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return fuzzCase.Message.Method == HttpMethod.Head || JsonString(body, "sub") is not null ? null : "200 without sub";
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return response.Headers.WwwAuthenticate.Any(challenge => challenge.Scheme == "Bearer") ? null : $"{(int)response.StatusCode} without a Bearer WWW-Authenticate challenge (RFC 6750 §3)";
        }

        return TransportRejections.Contains(response.StatusCode) ? null : $"unexpected status {(int)response.StatusCode}";
    }

    /// <summary>Introspection (RFC 7662 §2.2, §2.3): <c>{"active":false}</c> for any unknown token from an authenticated client; else an OAuth error.</summary>
    private static string? CheckIntrospection(FuzzCase fuzzCase, HttpResponseMessage response, string body)
    {
        if (response.Headers.Location is not null)
        {
            return "introspection redirected";
        }

        if (fuzzCase is { CleanEnvelope: true, TokenParameter: { Length: > 0 } token } && !fuzzCase.IsRealToken(token))
        {
            return response.StatusCode == HttpStatusCode.OK && JsonBool(body, "active") == false ? null : "an unknown token from an authenticated client must give 200 {\"active\":false}";
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return JsonBool(body, "active") is null ? "200 without a boolean 'active'" : null;
        }

        return ErrorResponse(response, body);
    }

    /// <summary>Revocation (RFC 7009 §2.2): 200 for any token, even an invalid one, from an authenticated client; else an OAuth error.</summary>
    private static string? CheckRevocation(FuzzCase fuzzCase, HttpResponseMessage response, string body)
    {
        if (response.Headers.Location is not null)
        {
            return "revocation redirected";
        }

        if (fuzzCase is { CleanEnvelope: true, TokenParameter: { Length: > 0 } token } && !fuzzCase.IsRealToken(token))
        {
            return response.StatusCode == HttpStatusCode.OK ? null : "an invalid token from an authenticated client must give 200 (RFC 7009 §2.2)";
        }

        return response.StatusCode == HttpStatusCode.OK ? null : ErrorResponse(response, body);
    }

    /// <summary>The hosted sign-in form: the page, a failure (401), an antiforgery rejection (400), or a redirect on Gatehouse only.</summary>
    private static string? CheckSignIn(FuzzCase fuzzCase, HttpResponseMessage response, string body)
    {
        if (response.Headers.Location is { } location)
        {
            var value = location.OriginalString;
            var local = value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal);
            return local ? null : $"sign-in redirected off Gatehouse to '{value}'";
        }

        return response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.Unauthorized => IsHtml(response) || fuzzCase.Message.Method == HttpMethod.Head ? null : "page is not HTML",
            HttpStatusCode.BadRequest => null,
            _ => TransportRejections.Contains(response.StatusCode) ? null : $"unexpected status {(int)response.StatusCode}",
        };
    }

    private static string? ErrorResponse(HttpResponseMessage response, string body) =>
        response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
            ? OAuthError(response, body)
            : TransportRejections.Contains(response.StatusCode) ? null : $"unexpected status {(int)response.StatusCode}";

    /// <summary>RFC 6749 §5.2: a JSON object whose <c>error</c> is a string of the allowed characters.</summary>
    private static string? OAuthError(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return "OAuth error is not JSON";
        }

        var error = JsonString(body, "error");
        return error is { Length: > 0 } && error.All(c => c is >= ' ' and <= '~' and not '"' and not '\\') ? null : "no valid 'error' member";
    }

    /// <summary>No Location off Gatehouse unless it is exactly the registered URI, optionally followed by a query or fragment.</summary>
    private static string? CheckLocation(GatehouseServer server, HttpResponseMessage response, string registeredUri)
    {
        if (response.Headers.Location is not { } location)
        {
            return null;
        }

        var value = location.OriginalString;
        if (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal))
        {
            return null;
        }

        if (location.IsAbsoluteUri && value.StartsWith(server.Origin + "/", StringComparison.Ordinal))
        {
            return null;
        }

        return value == registeredUri || value.StartsWith(registeredUri + "?", StringComparison.Ordinal) || value.StartsWith(registeredUri + "#", StringComparison.Ordinal)
            ? null
            : $"redirect to unregistered '{value}'";
    }

    /// <summary>HEAD, OPTIONS, TRACE, PUT, …: not a protocol request; only the universal rules apply.</summary>
    private static bool IsNotAnEndpointMethod(HttpMethod method) => method != HttpMethod.Get && method != HttpMethod.Post;

    /// <summary>
    /// Kestrel refuses a request line over 8 KiB or headers over 32 KiB, and a server may answer before reading a
    /// large body it does not need (RFC 9112 §9.6) and close the connection while the client still sends.
    /// </summary>
    /// <summary>
    /// Kestrel's own rejection of a request it cannot parse (RFC 9112 §3.2: an invalid request-target; a connection
    /// left unusable by an early answer): a bare 400 that closes the connection, before any endpoint runs.
    /// </summary>
    private static bool IsBareRejectionOfMalformedTarget(HttpRequestMessage message, HttpResponseMessage response, string body) =>
        response.StatusCode == HttpStatusCode.BadRequest && body.Length == 0 && response.Content.Headers.ContentType is null
        && (response.Headers.ConnectionClose == true
            || message.RequestUri!.OriginalString.Any(c => c is <= ' ' or > '~' or '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}'));

    /// <summary>More than the socket buffers take at once on a busy machine: the client may still be writing it.</summary>
    private static bool SendsLargeBody(HttpRequestMessage message) => message.Content?.Headers.ContentLength > 16_000;

    private static bool ExceedsServerLimits(HttpRequestMessage message) =>
        message.RequestUri!.PathAndQuery.Length > 8_000
        || message.Headers.Sum(header => header.Key.Length + header.Value.Sum(value => value.Length)) > 30_000
        || message.Content?.Headers.ContentLength > 64_000;

    private static string? CheckNoScriptReflected(HttpResponseMessage response, string body) =>
        IsHtml(response) && (body.Contains(FuzzValues.ScriptPayload, StringComparison.OrdinalIgnoreCase) || body.Contains("<img src=x", StringComparison.OrdinalIgnoreCase))
            ? "HTML reflects the injected markup unescaped"
            : null;

    private static bool IsHtml(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "text/html";

    private static string? JsonString(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool? JsonBool(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? EnvironmentInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    private sealed class DisposableCase(FuzzCase fuzzCase) : IDisposable
    {
        public FuzzCase Case => fuzzCase;

        public void Dispose() => fuzzCase.Message.Dispose();
    }

    /// <summary>The server, clients and real tokens a run needs; builds each endpoint's requests.</summary>
    private sealed class FuzzRun(GatehouseServer server) : IDisposable
    {
        private readonly Dictionary<string, FuzzTokens> _tokens = [];
        private HttpClient _anonymous = null!;
        private Browser _signedIn = null!;
        private HttpClient _signInForm = null!;

        public void Dispose()
        {
            _anonymous?.Dispose();
            _signInForm?.Dispose();
            _signedIn?.Dispose();
        }

        public async Task PrepareAsync()
        {
            foreach (var issuer in new[] { server.Origin, server.DefaultIssuer })
            {
                var (_, tokens) = await Issued.TokensAsync(server, issuer);
                _tokens[issuer] = new FuzzTokens(tokens["access_token"]!, tokens["refresh_token"]!, tokens["id_token"]!);
            }

            _anonymous = server.CreateClient();
            _anonymous.Timeout = TimeSpan.FromSeconds(20);
            _signInForm = server.CreateClient();
            _signInForm.Timeout = TimeSpan.FromSeconds(20);
            _signedIn = new Browser(server);
            _signedIn.Http.Timeout = TimeSpan.FromSeconds(20);
            var result = await _signedIn.AuthorizeAsync(new AuthorizeRequest { Issuer = server.Origin });
            Assert.NotNull(result.Code);
        }

        /// <summary>Endpoints alternate issuers, so the tokens "of this issuer" follow the endpoint's issuer.</summary>
        public FuzzValues Values(Random random, int endpointIndex)
        {
            var org = endpointIndex < 7;
            var own = _tokens[org ? server.Origin : server.DefaultIssuer];
            var other = _tokens[org ? server.DefaultIssuer : server.Origin];
            return new FuzzValues(random, server.Origin, own, other);
        }

        public Task<HttpResponseMessage> SendAsync(FuzzCase fuzzCase) =>
            (fuzzCase.SignedIn ? _signedIn.Http : fuzzCase.Message.RequestUri!.AbsolutePath.StartsWith("/signin", StringComparison.Ordinal) ? _signInForm : _anonymous)
                .SendAsync(fuzzCase.Message);

        public static Task<FuzzCase> AuthorizeAsync(FuzzValues values, string endpointBase, string usualMethod)
        {
            var verifier = Base64UrlEncoder.Encode(RandomBytes(values, 32));
            var parameters = FuzzCaseBuilder.Parameters(values,
            [
                ("client_id", () => values.Pick([TestSeed.WebClientId, TestSeed.WebClientId, TestSeed.RestrictedClientId, TestSeed.ServiceClientId])),
                ("redirect_uri", () => TestSeed.WebRedirectUri),
                ("response_type", () => values.Chance(0.7) ? "code" : values.Pick(ResponseTypes)),
                ("scope", () => values.Pick(Scopes)),
                ("state", () => values.RandomString(values.Random.Next(1, 40))),
                ("nonce", () => values.RandomString(values.Random.Next(1, 40))),
                ("code_challenge", () => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
                ("code_challenge_method", () => values.Chance(0.8) ? "S256" : "plain"),
                ("response_mode", () => values.Pick(ResponseModes)),
                ("prompt", () => values.Pick(Prompts)),
                ("max_age", () => values.Pick(["0", "1", "3600"])),
            ],
            ["login_hint", "id_token_hint", "request", "request_uri", "ui_locales", "display", "claims", "acr_values", "idp", "sessionToken", "registration"],
            out _);
            var signedIn = values.Chance(0.5);
            var method = FuzzCaseBuilder.Method(values, usualMethod);
            var message = new HttpRequestMessage(new HttpMethod(method), endpointBase + "/authorize");
            if (method == "POST")
            {
                FuzzCaseBuilder.SetBody(values, message, parameters);
            }
            else
            {
                message.RequestUri = QueryUri(values, endpointBase + "/authorize", parameters);
            }

            return Task.FromResult(new FuzzCase { Message = message, SignedIn = signedIn, Values = values });
        }

        public static Task<FuzzCase> LogoutAsync(FuzzValues values, string endpointBase)
        {
            var parameters = FuzzCaseBuilder.Parameters(values,
            [
                ("id_token_hint", () => values.Chance(0.7) ? values.Tokens.IdToken : values.Token()),
                ("post_logout_redirect_uri", () => TestSeed.WebPostLogoutRedirectUri),
                ("state", () => values.RandomString(values.Random.Next(1, 40))),
                ("client_id", () => TestSeed.WebClientId),
            ],
            ["ui_locales", "logout_hint", "redirect_uri", "id_token_hint", "post_logout_redirect_uri"],
            out _);
            var method = FuzzCaseBuilder.Method(values, values.Chance(0.8) ? "GET" : "POST");
            var message = new HttpRequestMessage(new HttpMethod(method), endpointBase + "/logout");
            if (method == "POST")
            {
                FuzzCaseBuilder.SetBody(values, message, parameters);
            }
            else
            {
                message.RequestUri = QueryUri(values, endpointBase + "/logout", parameters);
            }

            return Task.FromResult(new FuzzCase { Message = message, Values = values });
        }

        public static Task<FuzzCase> TokenAsync(FuzzValues values, string endpointBase)
        {
            var parameters = FuzzCaseBuilder.Parameters(values,
            [
                ("grant_type", () => values.Pick(GrantTypes)),
                ("code", () => values.Token()),
                ("redirect_uri", () => TestSeed.WebRedirectUri),
                ("code_verifier", () => Base64UrlEncoder.Encode(RandomBytes(values, 32))),
                ("refresh_token", () => values.Chance(0.6) ? values.Tokens.RefreshToken : values.Token()),
                ("scope", () => values.Pick(Scopes)),
            ],
            ["username", "password", "audience", "resource", "device_code", "subject_token", "client_assertion", "assertion", "grant_type"],
            out _);
            return BackChannelAsync(values, endpointBase + "/token", parameters);
        }

        public static Task<FuzzCase> IntrospectOrRevokeAsync(FuzzValues values, string url)
        {
            var parameters = FuzzCaseBuilder.Parameters(values,
            [
                ("token", values.Token),
                ("token_type_hint", () => values.Pick(["access_token", "refresh_token", "id_token", "device_code", "bogus"])),
            ],
            ["token", "token_type_hint", "scope", "resource"],
            out var clean);
            return BackChannelAsync(values, url, parameters, clean);
        }

        public static Task<FuzzCase> UserInfoAsync(FuzzValues values, string endpointBase)
        {
            var parameters = new List<KeyValuePair<string, string>>();
            var method = FuzzCaseBuilder.Method(values, values.Chance(0.7) ? "GET" : "POST");
            var message = new HttpRequestMessage(new HttpMethod(method), endpointBase + "/userinfo");
            switch (values.Random.Next(6))
            {
                case 0:
                    break;
                case 1 or 2:
                    message.Headers.TryAddWithoutValidation("Authorization", FuzzCaseBuilder.HeaderSafe("Bearer " + (values.Chance(0.3) ? values.Tokens.AccessToken : values.Token())));
                    break;
                case 3:
                    message.Headers.TryAddWithoutValidation("Authorization", FuzzCaseBuilder.HeaderSafe(values.Pick(["Bearer", "Bearer  ", "bearer " + values.Tokens.AccessToken, "Basic " + values.Tokens.AccessToken, "Bearer " + values.Hostile(), "Bearer a b", "DPoP " + values.Tokens.AccessToken])));
                    break;
                case 4:
                    // RFC 6750 §2.2, §2.3: the token in the body or query; a second copy in the header is invalid_request.
                    parameters.Add(new("access_token", values.Chance(0.5) ? values.Tokens.AccessToken : values.Token()));
                    if (values.Chance(0.3))
                    {
                        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", values.Tokens.AccessToken);
                    }

                    break;
                default:
                    parameters.Add(new("access_token", values.Tokens.AccessToken));
                    parameters.Add(new("access_token", values.Token()));
                    break;
            }

            if (values.Chance(0.2))
            {
                parameters.Add(new(values.Hostile(), values.Hostile()));
            }

            if (method == "POST")
            {
                FuzzCaseBuilder.SetBody(values, message, parameters);
            }
            else if (parameters.Count > 0)
            {
                message.RequestUri = QueryUri(values, endpointBase + "/userinfo", parameters);
            }

            return Task.FromResult(new FuzzCase { Message = message, Values = values });
        }

        public async Task<FuzzCase> SignInAsync(FuzzValues values)
        {
            var returnUrl = values.Chance(0.5)
                ? new AuthorizeRequest { Issuer = values.Chance(0.5) ? server.Origin : server.DefaultIssuer }.Url[server.Origin.Length..]
                : values.Hostile();
            var method = FuzzCaseBuilder.Method(values, values.Chance(0.25) ? "GET" : "POST");
            if (method != "POST")
            {
                var query = new List<KeyValuePair<string, string>> { new("returnUrl", returnUrl) };
                if (values.Chance(0.5))
                {
                    query.Add(new("login_hint", values.Chance(0.5) ? TestSeed.Alice : values.Hostile()));
                }

                return new FuzzCase { Message = new HttpRequestMessage(new HttpMethod(method), QueryUri(values, server.Origin + "/signin", query)), Values = values };
            }

            var csrf = values.Chance(0.7)
                ? Browser.HiddenInput(await _signInForm.GetStringAsync("/signin?returnUrl=%2F"), "__csrf")
                : values.Chance(0.5) ? values.Hostile() : null;
            var parameters = FuzzCaseBuilder.Parameters(values,
            [
                ("Input.Username", () => values.Pick([TestSeed.Alice, TestSeed.Bob, "nobody@example.com", TestSeed.Alice.ToUpperInvariant()])),
                ("Input.Password", () => values.Chance(0.3) ? TestSeed.AlicePassword : values.RandomString(values.Random.Next(1, 30))),
                ("ReturnUrl", () => returnUrl),
            ],
            ["Input.Username", "Input.Password", "ReturnUrl", "__csrf", "Input"],
            out _);
            if (csrf is not null)
            {
                parameters.Add(new("__csrf", csrf));
            }

            var message = new HttpRequestMessage(HttpMethod.Post, "/signin" + (values.Chance(0.3) ? "?returnUrl=" + Uri.EscapeDataString(values.Hostile()) : ""));
            message.RequestUri = new Uri(new Uri(server.Origin), message.RequestUri!);
            FuzzCaseBuilder.SetBody(values, message, parameters);
            return new FuzzCase { Message = message, Values = values };
        }

        private static Task<FuzzCase> BackChannelAsync(FuzzValues values, string url, List<KeyValuePair<string, string>> parameters, bool clean = false)
        {
            var method = FuzzCaseBuilder.Method(values, "POST");
            var message = new HttpRequestMessage(new HttpMethod(method), url);
            var (validClient, header) = FuzzCaseBuilder.ClientAuthentication(values, message, parameters);
            var tokens = parameters.Where(pair => pair.Key == "token").Select(pair => pair.Value).ToList();
            var properForm = false;
            if (method is "POST" or "PUT" or "PATCH" or "DELETE")
            {
                properForm = FuzzCaseBuilder.SetBody(values, message, parameters);
            }
            else
            {
                message.RequestUri = QueryUri(values, url, parameters);
            }

            return Task.FromResult(new FuzzCase
            {
                Message = message,
                Values = values,
                UsedAuthorizationHeader = header,
                CleanEnvelope = clean && validClient && properForm && method == "POST",
                TokenParameter = tokens.Count == 1 ? tokens[0] : null,
            });
        }

        private static Uri QueryUri(FuzzValues values, string url, List<KeyValuePair<string, string>> parameters)
        {
            var query = FuzzCaseBuilder.Query(values, parameters);
            try
            {
                return new Uri(query.Length == 0 ? url : url + "?" + query);
            }
            catch (UriFormatException)
            {
                return new Uri(url + "?" + FuzzCaseBuilder.Query(values, parameters, allowRaw: false));
            }
        }

        private static byte[] RandomBytes(FuzzValues values, int count)
        {
            var bytes = new byte[count];
            values.Random.NextBytes(bytes);
            return bytes;
        }
    }
}
