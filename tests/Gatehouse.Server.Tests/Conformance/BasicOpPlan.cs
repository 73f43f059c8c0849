using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.IdentityModel.Tokens;

using static Gatehouse.Server.Tests.Conformance.ConformanceChecks;

namespace Gatehouse.Server.Tests.Conformance;

/// <summary>
/// The OIDF Basic OP plan (<c>oidcc-basic-certification-test-plan</c>: response_type=code,
/// client_secret_basic, static client), one test per module, each against the org server and <c>default</c>.
/// <see cref="BasicOpTests"/> runs it with the default response mode, <see cref="FormPostOpTests"/> re-runs every
/// module with <c>response_mode=form_post</c> as the Form Post OP plan does.
/// </summary>
public abstract class BasicOpPlan(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    /// <summary><c>null</c> for the Basic plan (query), <c>form_post</c> for the Form Post plan.</summary>
    protected abstract string? ResponseMode { get; }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccServer_CodeFlowPassesStandardIdTokenChecks(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);

        var tokens = await SignInAndRedeemAsync(browser, request);

        Assert.Equal("Bearer", tokens.Response["token_type"]);
        Assert.False(string.IsNullOrEmpty(tokens.Response["access_token"]));
        Assert.True(tokens.Response.Json.GetProperty("expires_in").GetInt64() > 0);
        Assert.Equal("no-store", tokens.Response.Response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccResponseTypeMissing_IsAnErrorNotACode(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);

        // A null value leaves the parameter out of the URL.
        var result = await browser.AuthorizeAsync(request with { ResponseType = null! });

        AssertErrorPageOrErrorAtClient(request, result, "invalid_request", "unsupported_response_type");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccIdTokenSignature_DefaultsToRs256WithKid(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);

        var tokens = await SignInAndRedeemAsync(browser, request);

        var header = Jwt.Header(tokens.IdToken);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccIdTokenUnsigned_AlgNoneIsNeitherAdvertisedNorIssued(bool orgServer)
    {
        // The module needs dynamic registration (id_token_signed_response_alg=none) and is skipped when discovery
        // does not list "none": Gatehouse never issues unsigned ID tokens, even when a client asks for one.
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Extra = new Dictionary<string, string?> { ["id_token_signed_response_alg"] = "none" } };
        using var discovery = JsonDocument.Parse(await browser.Http.GetStringAsync(request.Issuer + "/.well-known/openid-configuration"));

        var tokens = await SignInAndRedeemAsync(browser, request);

        Assert.DoesNotContain("none", discovery.RootElement.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(alg => alg.GetString()));
        Assert.Equal("RS256", Jwt.Header(tokens.IdToken).GetProperty("alg").GetString());
        Assert.NotEmpty(tokens.IdToken.Split('.')[2]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccUserinfoGet_ReturnsTheSameSubject(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        var tokens = await SignInAndRedeemAsync(browser, request);

        var userInfo = await new TokenClient(browser.Http).UserInfoAsync(request.EndpointBase, tokens.AccessToken);

        AssertUserInfo(tokens, userInfo);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccUserinfoPostHeader_ReturnsTheSameSubject(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        var tokens = await SignInAndRedeemAsync(browser, request);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.EndpointBase + "/userinfo")
        {
            Content = new FormUrlEncodedContent([]),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        var userInfo = await TokenResponse.ReadAsync(await browser.Http.SendAsync(message));

        AssertUserInfo(tokens, userInfo);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccUserinfoPostBody_ReturnsTheSameSubject(bool orgServer)
    {
        // RFC 6750 §2.2: the form-encoded body parameter; the module only warns if it is refused.
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        var tokens = await SignInAndRedeemAsync(browser, request);

        var response = await browser.Http.PostAsync(request.EndpointBase + "/userinfo",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken }));

        AssertUserInfo(tokens, await TokenResponse.ReadAsync(response));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsureRequestWithoutNonceSucceedsForCodeFlow_NoNonceInIdToken(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Nonce = null };

        var tokens = await SignInAndRedeemAsync(browser, request);

        Assert.False(tokens.Claims.TryGetProperty("nonce", out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccScopeProfile_ProfileClaimsInUserInfo(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Scope = "openid profile" };
        var tokens = await SignInAndRedeemAsync(browser, request);

        var userInfo = await new TokenClient(browser.Http).UserInfoAsync(request.EndpointBase, tokens.AccessToken);

        AssertUserInfo(tokens, userInfo);
        Assert.Equal("Alice Anders", userInfo["name"]);
        Assert.Equal("Alice", userInfo["given_name"]);
        Assert.Equal("Anders", userInfo["family_name"]);
        Assert.Equal(TestSeed.Alice, userInfo["preferred_username"]);
        Assert.Equal(JsonValueKind.Number, userInfo.Json.GetProperty("updated_at").ValueKind);
        Assert.False(userInfo.Json.TryGetProperty("email", out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccScopeEmail_EmailClaimsInUserInfo(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Scope = "openid email" };
        var tokens = await SignInAndRedeemAsync(browser, request);

        var userInfo = await new TokenClient(browser.Http).UserInfoAsync(request.EndpointBase, tokens.AccessToken);

        AssertUserInfo(tokens, userInfo);
        Assert.Equal(TestSeed.Alice, userInfo["email"]);
        Assert.Contains(userInfo.Json.GetProperty("email_verified").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.False(userInfo.Json.TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData(true, "address")]
    [InlineData(false, "address")]
    public async Task OidccScopeAddress_NotAdvertisedAndRefusedAsInvalidScope(bool orgServer, string scope) =>
        await AssertUnsupportedScopeAsync(orgServer, scope, "openid " + scope);

    [Theory]
    [InlineData(true, "phone")]
    [InlineData(false, "phone")]
    public async Task OidccScopePhone_NotAdvertisedAndRefusedAsInvalidScope(bool orgServer, string scope) =>
        await AssertUnsupportedScopeAsync(orgServer, scope, "openid " + scope);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccScopeAll_AddressAndPhoneRefusedProfileAndEmailReleased(bool orgServer)
    {
        // The module requests "openid profile email address phone" and is skipped unless all are advertised.
        await AssertUnsupportedScopeAsync(orgServer, "phone", "openid profile email address phone");

        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Scope = "openid profile email" };
        var tokens = await SignInAndRedeemAsync(browser, request);
        var userInfo = await new TokenClient(browser.Http).UserInfoAsync(request.EndpointBase, tokens.AccessToken);
        AssertUserInfo(tokens, userInfo);
        Assert.Equal("Alice Anders", userInfo["name"]);
        Assert.Equal(TestSeed.Alice, userInfo["email"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccAlternateHappyFlow_ReorderedScopesAndParametersWork(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Scope = "email profile openid" };
        var reordered = request.Parameters().Reverse().ToDictionary();

        var result = await browser.FollowAsync(await browser.Http.GetAsync(
            Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.EndpointBase + "/authorize", reordered)));

        var tokens = await RedeemAsync(browser, request, result);
        Assert.Equal("Alice Anders", tokens.Claims.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccDisplayPage_IsAccepted(bool orgServer) => await AssertExtraParameterAcceptedAsync(orgServer, "display", "page");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccDisplayPopup_IsAccepted(bool orgServer) => await AssertExtraParameterAcceptedAsync(orgServer, "display", "popup");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccPromptLogin_ReauthenticatesWithLaterAuthTime(bool orgServer)
    {
        using var browser = new Browser(Server);
        var first = await SignInAndRedeemAsync(browser, NewRequest(orgServer));
        Server.Clock.Advance(TimeSpan.FromSeconds(2));
        var forced = NewRequest(orgServer) with { Prompt = "login" };

        var page = await browser.AuthorizeAsync(forced, username: null);
        var second = await SignInAndRedeemAsync(browser, forced);

        Assert.Equal("/signin", page.RedirectedTo?.AbsolutePath);
        Assert.Equal(first.Subject, second.Subject);
        Assert.True(second.AuthTime > first.AuthTime, $"auth_time {second.AuthTime} is not later than {first.AuthTime}.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccPromptNoneNotLoggedIn_RedirectsWithLoginRequired(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Prompt = "none" };

        var result = await browser.AuthorizeAsync(request, username: null);

        AssertErrorAtClient(request, result, "login_required", "interaction_required", "account_selection_required", "consent_required");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccPromptNoneLoggedIn_IsSilentWithSameSubAndAuthTime(bool orgServer)
    {
        using var browser = new Browser(Server);
        var first = await SignInAndRedeemAsync(browser, NewRequest(orgServer));
        Server.Clock.Advance(TimeSpan.FromSeconds(5));

        var silent = await SignInAndRedeemAsync(browser, NewRequest(orgServer) with { Prompt = "none" }, username: null);

        Assert.Equal(first.Subject, silent.Subject);
        Assert.Equal(first.AuthTime, silent.AuthTime);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccMaxAge1_ForcesLoginAfterTwoSeconds(bool orgServer)
    {
        using var browser = new Browser(Server);
        var first = await SignInAndRedeemAsync(browser, NewRequest(orgServer));
        Server.Clock.Advance(TimeSpan.FromSeconds(2));
        var request = NewRequest(orgServer) with { MaxAge = 1 };

        var page = await browser.AuthorizeAsync(request, username: null);
        var second = await SignInAndRedeemAsync(browser, request);

        Assert.Equal("/signin", page.RedirectedTo?.AbsolutePath);
        Assert.Null(page.Code);
        Assert.Equal(first.Subject, second.Subject);
        Assert.True(second.AuthTime > first.AuthTime, $"auth_time {second.AuthTime} is not later than {first.AuthTime}.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccMaxAge10000_IsSilentWithSameSubAndAuthTime(bool orgServer)
    {
        using var browser = new Browser(Server);
        var first = await SignInAndRedeemAsync(browser, NewRequest(orgServer));
        Server.Clock.Advance(TimeSpan.FromSeconds(2));

        var second = await SignInAndRedeemAsync(browser, NewRequest(orgServer) with { MaxAge = 10000 }, username: null);

        Assert.Equal(first.Subject, second.Subject);
        Assert.Equal(first.AuthTime, second.AuthTime);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsureRequestWithUnknownParameterSucceeds_ParameterIgnored(bool orgServer) =>
        await AssertExtraParameterAcceptedAsync(orgServer, "extra", "foobar");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccIdTokenHint_PromptNoneWithHintIsSilent(bool orgServer)
    {
        using var browser = new Browser(Server);
        var first = await SignInAndRedeemAsync(browser, NewRequest(orgServer));
        var request = NewRequest(orgServer) with
        {
            Prompt = "none",
            Extra = new Dictionary<string, string?> { ["id_token_hint"] = first.IdToken },
        };

        var second = await SignInAndRedeemAsync(browser, request, username: null);

        Assert.Equal(first.Subject, second.Subject);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccLoginHint_IsAccepted(bool orgServer)
    {
        using var browser = new Browser(Server);

        var tokens = await SignInAndRedeemAsync(browser, NewRequest(orgServer) with { LoginHint = TestSeed.Alice });

        Assert.Equal(TestSeed.Alice, tokens.Claims.GetProperty("preferred_username").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccUiLocales_IsAccepted(bool orgServer) => await AssertExtraParameterAcceptedAsync(orgServer, "ui_locales", "se");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccClaimsLocales_IsAccepted(bool orgServer) => await AssertExtraParameterAcceptedAsync(orgServer, "claims_locales", "se");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsureRequestWithAcrValuesSucceeds_AuthorizationSucceeds(bool orgServer)
    {
        // OIDC Core §15.1: the minimum is that acr_values causes no error; an acr claim, when present, must be one
        // of the requested values (the module only warns when it is absent).
        using var browser = new Browser(Server);

        var tokens = await SignInAndRedeemAsync(browser, NewRequest(orgServer) with { Extra = new Dictionary<string, string?> { ["acr_values"] = "1 2" } });

        if (tokens.Claims.TryGetProperty("acr", out var acr))
        {
            Assert.True(acr.GetString() is "1" or "2", $"acr {acr.GetString()} was not requested.");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccCodeReuse_SecondUseIsInvalidGrantAndRevokesTokens(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        var result = await browser.AuthorizeAsync(request);
        var tokens = await RedeemAsync(browser, request, result);

        var reuse = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);

        Assert.Equal(HttpStatusCode.BadRequest, reuse.Status);
        Assert.Equal("invalid_grant", reuse["error"]);
        Assert.Null(reuse["access_token"]);
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(browser.Http, request.EndpointBase, tokens.AccessToken));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccCodeReuse30Seconds_InvalidGrantAndEveryTokenFromTheCodeRevoked(bool orgServer)
    {
        // RFC 9700 §4.5 / RFC 6749 §4.1.2: a reused code revokes every token issued from it (here also the refresh token).
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Scope = "openid profile offline_access" };
        var result = await browser.AuthorizeAsync(request);
        var tokens = await RedeemAsync(browser, request, result);
        var refreshToken = tokens.Response["refresh_token"]!;
        Assert.False(string.IsNullOrEmpty(refreshToken));
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(browser.Http, request.EndpointBase, tokens.AccessToken));
        Server.Clock.Advance(TimeSpan.FromSeconds(30));

        var reuse = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!);

        Assert.Equal(HttpStatusCode.BadRequest, reuse.Status);
        Assert.Equal("invalid_grant", reuse["error"]);
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(browser.Http, request.EndpointBase, tokens.AccessToken));
        var introspection = await new TokenClient(browser.Http).IntrospectAsync(request.EndpointBase, tokens.AccessToken);
        Assert.False(introspection.Json.GetProperty("active").GetBoolean());
        var refresh = await new TokenClient(browser.Http).RefreshAsync(request.EndpointBase, refreshToken);
        Assert.Equal("invalid_grant", refresh["error"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsureRegisteredRedirectUri_UnregisteredUriShowsErrorPage(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { RedirectUri = "https://evil.example/authorization-code/callback" };

        using var response = await browser.Http.GetAsync(request.Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsurePostRequestSucceeds_AuthorizationByFormPost(bool orgServer)
    {
        // OIDC Core §3.1.2.1: the authorization endpoint MUST support GET and POST.
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        var form = new FormUrlEncodedContent(request.Parameters().Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value!)));

        var result = await browser.FollowAsync(await browser.Http.PostAsync(request.EndpointBase + "/authorize", form));

        await RedeemAsync(browser, request, result);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccServerClientSecretPost_CodeFlowWithSecretInBody(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        var result = await browser.AuthorizeAsync(request);

        await RedeemAsync(browser, request, result, secretInBody: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRequestUriUnsignedSupportedCorrectlyOrRejectedAsUnsupported_RequestUriNotSupported(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = RequestObjectCarrier(orgServer, "request_uri", "https://rp.example.test/requests/unsigned.jwt");

        var result = await browser.AuthorizeAsync(request);

        Assert.False(await DiscoveryFlagAsync(browser, request, "request_uri_parameter_supported"));
        AssertErrorAtClient(request, result, "request_uri_not_supported");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccUnsignedRequestObjectSupportedCorrectlyOrRejectedAsUnsupported_RequestNotSupported(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = RequestObjectCarrier(orgServer, "request", UnsignedRequestObject(orgServer, TestSeed.WebRedirectUri));

        var result = await browser.AuthorizeAsync(request);

        Assert.False(await DiscoveryFlagAsync(browser, request, "request_parameter_supported"));
        AssertErrorAtClient(request, result, "request_not_supported");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccClaimsEssential_NameStillReleasedWithProfile(bool orgServer)
    {
        // claims_parameter_supported is false: the parameter is ignored, not an error, and name comes with profile.
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with
        {
            Scope = "openid profile",
            Extra = new Dictionary<string, string?> { ["claims"] = """{"userinfo":{"name":{"essential":true}}}""" },
        };
        var tokens = await SignInAndRedeemAsync(browser, request);

        var userInfo = await new TokenClient(browser.Http).UserInfoAsync(request.EndpointBase, tokens.AccessToken);

        Assert.False(await DiscoveryFlagAsync(browser, request, "claims_parameter_supported"));
        AssertUserInfo(tokens, userInfo);
        Assert.Equal("Alice Anders", userInfo["name"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsureRequestObjectWithRedirectUri_RejectedAtTheRegisteredUriOnly(bool orgServer)
    {
        // The request object names another redirect URI: it is never followed; the error goes to the verified one.
        using var browser = new Browser(Server);
        var request = RequestObjectCarrier(orgServer, "request", UnsignedRequestObject(orgServer, "https://evil.example/callback"));

        var result = await browser.AuthorizeAsync(request);

        AssertErrorAtClient(request, result, "request_not_supported");
        Assert.Equal("app.example.test", result.RedirectedTo!.Host);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccRefreshToken_RefreshWorksAndIsBoundToTheClient(bool orgServer)
    {
        using var browser = new Browser(Server);
        // The suite asks for offline_access with prompt=consent; apps have implicit consent, so it is satisfied.
        var request = NewRequest(orgServer) with { Scope = "openid profile offline_access", Prompt = "consent" };
        var tokens = await SignInAndRedeemAsync(browser, request);
        var refreshToken = tokens.Response["refresh_token"]!;
        Assert.Matches("^[\\x20-\\x7E]+$", refreshToken);
        var client = new TokenClient(browser.Http);

        var stolen = await client.RefreshAsync(request.EndpointBase, refreshToken, TestSeed.RestrictedClientId, TestSeed.RestrictedClientSecret);
        var refreshed = await client.RefreshAsync(request.EndpointBase, refreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal("invalid_grant", stolen["error"]);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        // OIDC Core §12.2: a refreshed ID token keeps iss, sub, aud and auth_time, and carries no new nonce.
        var idToken = refreshed["id_token"]!;
        var validation = await Jwt.ValidateAsync(browser.Http, request.EndpointBase + "/keys", idToken, request.Issuer, request.ClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var claims = Jwt.Payload(idToken);
        Assert.Equal(tokens.Subject, claims.GetProperty("sub").GetString());
        Assert.Equal(tokens.AuthTime, claims.GetProperty("auth_time").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(browser.Http, request.EndpointBase, refreshed["access_token"]!));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OidccEnsureRequestWithValidPkceSucceeds_S256ChallengeAndVerifier(bool orgServer)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer);
        Assert.NotNull(request.CodeChallenge);
        Assert.Contains("code_challenge_method=S256", request.Url, StringComparison.Ordinal);

        var result = await browser.AuthorizeAsync(request);
        var wrong = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!, codeVerifier: Base64UrlEncoder.Encode(new byte[32]));
        var fresh = await browser.AuthorizeAsync(request);

        Assert.Equal("invalid_grant", wrong["error"]);
        await RedeemAsync(browser, request, fresh);
    }

    private AuthorizeRequest NewRequest(bool orgServer) =>
        new() { Issuer = orgServer ? Server.Origin : Server.DefaultIssuer, ResponseMode = ResponseMode };

    /// <summary>
    /// The suite's request-object redirect: the object (or its URI) plus response_type, client_id, scope and
    /// redirect_uri (and the response mode) in the query; state and nonce only inside the object.
    /// </summary>
    private AuthorizeRequest RequestObjectCarrier(bool orgServer, string name, string value) =>
        NewRequest(orgServer) with
        {
            Scope = "openid",
            State = null,
            Nonce = null,
            CodeVerifier = null,
            Extra = new Dictionary<string, string?> { [name] = value },
        };

    private string UnsignedRequestObject(bool orgServer, string redirectUri)
    {
        var issuer = orgServer ? Server.Origin : Server.DefaultIssuer;
        var header = Base64UrlEncoder.Encode("""{"alg":"none"}""");
        var claims = new Dictionary<string, string>
        {
            ["iss"] = TestSeed.WebClientId,
            ["aud"] = issuer,
            ["client_id"] = TestSeed.WebClientId,
            ["response_type"] = "code",
            ["scope"] = "openid",
            ["redirect_uri"] = redirectUri,
            ["state"] = "state-in-request-object",
            ["nonce"] = "nonce-in-request-object",
        };
        if (ResponseMode is not null)
        {
            claims["response_mode"] = ResponseMode;
        }

        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims));
        return $"{header}.{payload}.";
    }

    private static async Task<bool> DiscoveryFlagAsync(Browser browser, AuthorizeRequest request, string name)
    {
        using var discovery = JsonDocument.Parse(await browser.Http.GetStringAsync(request.Issuer + "/.well-known/openid-configuration"));
        return discovery.RootElement.GetProperty(name).GetBoolean();
    }

    private async Task AssertExtraParameterAcceptedAsync(bool orgServer, string name, string value)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Extra = new Dictionary<string, string?> { [name] = value } };

        await SignInAndRedeemAsync(browser, request);
    }

    private async Task AssertUnsupportedScopeAsync(bool orgServer, string scope, string requested)
    {
        using var browser = new Browser(Server);
        var request = NewRequest(orgServer) with { Scope = requested };
        using var discovery = JsonDocument.Parse(await browser.Http.GetStringAsync(request.Issuer + "/.well-known/openid-configuration"));

        var result = await browser.AuthorizeAsync(request);

        // The module is skipped when scopes_supported lacks the scope; requesting it anyway is refused the way
        // Okta refuses scopes an authorization server does not offer (RFC 6749 §3.3, §4.1.2.1).
        Assert.DoesNotContain(scope, discovery.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(value => value.GetString()));
        AssertErrorAtClient(request, result, "invalid_scope");
    }

    private async Task<Tokens> SignInAndRedeemAsync(Browser browser, AuthorizeRequest request, string? username = TestSeed.Alice)
    {
        var result = await browser.AuthorizeAsync(request, username);
        return await RedeemAsync(browser, request, result);
    }

    private async Task<Tokens> RedeemAsync(Browser browser, AuthorizeRequest request, AuthorizationResult result, bool secretInBody = false)
    {
        var code = AssertCode(request, result);
        var response = await new TokenClient(browser.Http).ExchangeCodeAsync(request, code, secretInBody: secretInBody);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var claims = await PerformStandardIdTokenChecksAsync(Server, browser.Http, request, response["id_token"]);
        return new Tokens(response, response["id_token"]!, response["access_token"]!, claims);
    }

    private static void AssertUserInfo(Tokens tokens, TokenResponse userInfo)
    {
        Assert.Equal(HttpStatusCode.OK, userInfo.Status);
        Assert.Equal("application/json", userInfo.Response.Content.Headers.ContentType?.MediaType);
        // OIDC Core §5.3.2: the sub in userinfo MUST match the ID token's.
        Assert.Equal(tokens.Subject, userInfo["sub"]);
    }

    private sealed record Tokens(TokenResponse Response, string IdToken, string AccessToken, JsonElement Claims)
    {
        public string Subject => Claims.GetProperty("sub").GetString()!;

        public long AuthTime => Claims.GetProperty("auth_time").GetInt64();
    }
}

/// <summary>The Basic OP plan with the default response mode (query).</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class BasicOpTests(GatehouseServerFixture fixture) : BasicOpPlan(fixture)
{
    protected override string? ResponseMode => null;
}

/// <summary>
/// The Form Post OP plan (<c>oidcc-formpost-basic-certification-test-plan</c>): every Basic module again with
/// <c>response_mode=form_post</c>; each response must arrive as an auto-submitting form POSTed to the redirect URI.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class FormPostOpTests(GatehouseServerFixture fixture) : BasicOpPlan(fixture)
{
    protected override string? ResponseMode => "form_post";
}
