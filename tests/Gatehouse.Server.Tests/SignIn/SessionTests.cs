using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.SignIn;

/// <summary>
/// The SSO session behind the authorization endpoint: reuse across apps, <c>prompt</c> and <c>max_age</c>
/// (OIDC Core §3.1.2.1), the way a browser meets them.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class SessionTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private string IssuerFor(bool orgServer) => orgServer ? Server.Origin : Server.DefaultIssuer;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SingleSignOn_SecondAppIsAuthorizedSilently(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var first = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = issuer });
        Assert.NotNull(first.Code);

        var restricted = new AuthorizeRequest
        {
            Issuer = issuer,
            ClientId = TestSeed.RestrictedClientId,
            ClientSecret = TestSeed.RestrictedClientSecret,
        };
        // No credentials: the sign-in form must not be shown at all.
        var second = await browser.AuthorizeAsync(restricted, username: null);

        Assert.NotNull(second.RedirectedTo);
        Assert.StartsWith(TestSeed.WebRedirectUri, second.RedirectedTo!.ToString(), StringComparison.Ordinal);
        Assert.Null(second.Error);
        Assert.Equal(restricted.State, second.Parameters["state"]);
        var idToken = await IdTokenAsync(browser, restricted, second.Code!);
        Assert.Equal(TestSeed.RestrictedClientId, idToken.GetProperty("aud").GetString());
        Assert.Equal(TestSeed.Alice, idToken.GetProperty("preferred_username").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PromptLogin_ShowsFormDespiteSessionAndRenewsAuthTime(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var firstRequest = new AuthorizeRequest { Issuer = issuer };
        var first = await browser.AuthorizeAsync(firstRequest);
        var firstAuthTime = (await IdTokenAsync(browser, firstRequest, first.Code!)).GetProperty("auth_time").GetInt64();

        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        var forced = new AuthorizeRequest { Issuer = issuer, Prompt = "login" };
        var page = await browser.AuthorizeAsync(forced, username: null);
        Assert.Equal("/signin", page.RedirectedTo?.AbsolutePath);
        Assert.Null(page.Code);

        var second = await browser.AuthorizeAsync(forced);
        Assert.Equal(forced.State, second.Parameters["state"]);
        var secondAuthTime = (await IdTokenAsync(browser, forced, second.Code!)).GetProperty("auth_time").GetInt64();
        Assert.True(secondAuthTime >= firstAuthTime + 180, $"auth_time {secondAuthTime} is not later than {firstAuthTime} + 180 s.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PromptNone_WithoutSessionRedirectsLoginRequired(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = issuer, Prompt = "none" };

        var result = await browser.AuthorizeAsync(request, username: null);

        Assert.NotNull(result.RedirectedTo);
        Assert.Equal(TestSeed.WebRedirectUri, result.RedirectedTo!.GetLeftPart(UriPartial.Path));
        Assert.Equal("login_required", result.Error);
        Assert.Equal(request.State, result.Parameters["state"]);
        Assert.Equal(issuer, result.Parameters["iss"]);
        Assert.Null(result.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PromptNone_WithSessionIsSilentWithSameAuthTime(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var firstRequest = new AuthorizeRequest { Issuer = issuer };
        var first = await browser.AuthorizeAsync(firstRequest);
        var firstToken = await IdTokenAsync(browser, firstRequest, first.Code!);

        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var silent = new AuthorizeRequest { Issuer = issuer, Prompt = "none" };
        var result = await browser.AuthorizeAsync(silent, username: null);

        Assert.Null(result.Error);
        var silentToken = await IdTokenAsync(browser, silent, result.Code!);
        Assert.Equal(firstToken.GetProperty("sub").GetString(), silentToken.GetProperty("sub").GetString());
        Assert.Equal(firstToken.GetProperty("auth_time").GetInt64(), silentToken.GetProperty("auth_time").GetInt64());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxAge_SilentWithinAgeAndFormOnceExceeded(bool orgServer)
    {
        var issuer = IssuerFor(orgServer);
        using var browser = new Browser(Server);
        var signIn = new AuthorizeRequest { Issuer = issuer };
        var first = await browser.AuthorizeAsync(signIn);
        var signedInAt = (await IdTokenAsync(browser, signIn, first.Code!)).GetProperty("auth_time").GetInt64();

        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var fresh = new AuthorizeRequest { Issuer = issuer, MaxAge = 600 };
        var silent = await browser.AuthorizeAsync(fresh, username: null);
        Assert.NotNull(silent.Code);
        var silentToken = await IdTokenAsync(browser, fresh, silent.Code!);
        // OIDC Core §2: auth_time is REQUIRED when max_age was requested.
        Assert.Equal(signedInAt, silentToken.GetProperty("auth_time").GetInt64());

        Server.Clock.Advance(TimeSpan.FromMinutes(11));
        var stale = new AuthorizeRequest { Issuer = issuer, MaxAge = 600 };
        var page = await browser.AuthorizeAsync(stale, username: null);
        Assert.Equal("/signin", page.RedirectedTo?.AbsolutePath);
        Assert.Null(page.Code);

        var renewed = await browser.AuthorizeAsync(stale);
        var renewedToken = await IdTokenAsync(browser, stale, renewed.Code!);
        Assert.True(renewedToken.GetProperty("auth_time").GetInt64() >= signedInAt + 12 * 60);
    }

    private static async Task<JsonElement> IdTokenAsync(Browser browser, AuthorizeRequest request, string code)
    {
        var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var result = await Jwt.ValidateAsync(browser.Http, request.EndpointBase + "/keys", tokens["id_token"]!, request.Issuer, request.ClientId);
        Assert.True(result.IsValid, result.Exception?.Message);
        return Jwt.Payload(tokens["id_token"]!);
    }
}
