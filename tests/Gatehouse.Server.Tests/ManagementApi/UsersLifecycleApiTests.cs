using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.Tokens;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// Okta's user lifecycle on <c>/api/v1/users/{id}/lifecycle/*</c>, <c>DELETE /users/{id}</c> (deactivate, then delete),
/// <c>DELETE /users/{id}/sessions</c>, and what each status allows at sign-in and at the token endpoint.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UsersLifecycleApiTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    private static async Task<(string Id, string Login)> NewUserAsync(ManagementApiClient api, bool? activate = null, string? password = UsersApiTests.Password)
    {
        var created = await UsersApiTests.CreateAsync(api, "life", activate, password);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return (created["id"]!, UsersApiTests.Profile(created, "login")!);
    }

    private static async Task<string?> StatusAsync(ManagementApiClient api, string id) => (await api.GetAsync("/api/v1/users/" + id))["status"];

    private static Task<ApiResponse> LifecycleAsync(ManagementApiClient api, string id, string operation) =>
        api.PostAsync($"/api/v1/users/{id}/lifecycle/{operation}", new { });

    [Fact]
    public async Task Lifecycle_SuspendAndUnsuspendAnActiveUser()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "suspend")).Status);
        Assert.Equal("SUSPENDED", await StatusAsync(api, id));
        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "unsuspend")).Status);
        Assert.Equal("ACTIVE", await StatusAsync(api, id));
    }

    [Fact]
    public async Task Lifecycle_ActivateStagedUserWithPasswordMakesItActive()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api, activate: false);

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "activate")).Status);
        Assert.Equal("ACTIVE", await StatusAsync(api, id));
    }

    [Fact]
    public async Task Lifecycle_ActivateStagedUserWithoutPasswordMakesItProvisioned()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api, activate: false, password: null);

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "activate")).Status);
        Assert.Equal("PROVISIONED", await StatusAsync(api, id));
    }

    [Fact]
    public async Task Lifecycle_DeactivateThenActivateAgain()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "deactivate")).Status);
        Assert.Equal("DEPROVISIONED", await StatusAsync(api, id));
        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "activate")).Status);
        Assert.Equal("ACTIVE", await StatusAsync(api, id));
    }

    [Fact]
    public async Task Lifecycle_ActivateAnActiveUserIs403E0000016()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        (await LifecycleAsync(api, id, "activate")).AssertOktaError(HttpStatusCode.Forbidden, "E0000016");
    }

    [Theory]
    [InlineData("suspend", "staged")]
    [InlineData("unsuspend", "active")]
    [InlineData("deactivate", "deprovisioned")]
    [InlineData("suspend", "deprovisioned")]
    public async Task Lifecycle_OperationNotAllowedInStatusIs400E0000001(string operation, string status)
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api, activate: status != "staged");
        if (status == "deprovisioned")
        {
            Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "deactivate")).Status);
        }

        var before = await StatusAsync(api, id);
        var response = await LifecycleAsync(api, id, operation);

        Assert.Single(response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => cause.StartsWith("status:", StringComparison.Ordinal));
        Assert.Equal(before, await StatusAsync(api, id));
    }

    [Fact]
    public async Task Lifecycle_UnlockAUserNotLockedOutIs400E0000032()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        (await LifecycleAsync(api, id, "unlock")).AssertOktaError(HttpStatusCode.BadRequest, "E0000032");
    }

    [Fact]
    public async Task Lifecycle_UnlockALockedOutUserLetsItSignInAgain()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        using (var attacker = new Browser(Server))
        {
            // Identity's lockout after GatehouseOptions.LockoutMaxFailedAttempts (10 by default) failures.
            for (var attempt = 0; attempt < 11; attempt++)
            {
                var failed = await attacker.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, "Wrong-Password-1");
                Assert.Equal(HttpStatusCode.Unauthorized, failed.PageStatus);
            }
        }

        using (var locked = new Browser(Server))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await locked.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password)).PageStatus);
        }

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, "unlock")).Status);

        using var browser = new Browser(Server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password)).Code);
        Assert.Equal("ACTIVE", await StatusAsync(api, id));
    }

    [Fact]
    public async Task Lifecycle_UnknownOperationIs404E0000007()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        (await LifecycleAsync(api, id, "explode")).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Delete_FirstDeactivatesSecondDeletes()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/users/" + id)).Status);
        Assert.Equal("DEPROVISIONED", await StatusAsync(api, id));
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/users/" + id)).Status);

        (await api.GetAsync("/api/v1/users/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        (await api.DeleteAsync("/api/v1/users/" + id)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Delete_UserInAGroupIsRemovedFromIt()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);
        var group = await api.PostAsync("/api/v1/groups", new { profile = new { name = "Delete-" + Guid.NewGuid().ToString("N") } });
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{group["id"]}/users/{id}")).Status);

        await api.DeleteAsync("/api/v1/users/" + id);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/users/" + id)).Status);

        var members = await api.GetAsync($"/api/v1/groups/{group["id"]}/users");
        Assert.Equal(0, members.Json.GetArrayLength());
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("deactivate")]
    public async Task SignIn_SuspendedOrDeactivatedUserCannotSignIn(string operation)
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, operation)).Status);

        using var browser = new Browser(Server);
        var result = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password);

        Assert.Null(result.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, result.PageStatus);
        Assert.Contains("Unable to sign in", result.PageBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("deactivate")]
    public async Task SignIn_SuspendingASignedInUserEndsTheirSession(string operation)
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        using var browser = new Browser(Server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password)).Code);

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, operation)).Status);
        var again = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, username: null, password: null);

        Assert.Null(again.Code);
        Assert.Equal("signin", again.PageBody);
    }

    [Fact]
    public async Task Sessions_ClearingSessionsRejectsTheSsoCookie()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        using var browser = new Browser(Server);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, login, UsersApiTests.Password)).Code);
        Assert.NotNull((await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, username: null, password: null)).Code);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{id}/sessions")).Status);
        var again = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = Server.Origin }, username: null, password: null);

        Assert.Null(again.Code);
        Assert.Equal("signin", again.PageBody);
        Assert.Equal("ACTIVE", await StatusAsync(api, id));
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("deactivate")]
    public async Task Refresh_SuspendedOrDeactivatedUsersRefreshTokenIsInvalidGrant(string operation)
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        var endpointBase = Issued.EndpointBase(Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var tokens = new TokenClient(http);
        var refreshToken = await RefreshTokenAsync(tokens, login);

        Assert.Equal(HttpStatusCode.OK, (await LifecycleAsync(api, id, operation)).Status);
        var refreshed = await tokens.RefreshAsync(endpointBase, refreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed["error"]);
        Assert.Null(refreshed["access_token"]);
    }

    [Fact]
    public async Task Refresh_UnsuspendedUsersRefreshTokenWorksAgain()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        var endpointBase = Issued.EndpointBase(Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var tokens = new TokenClient(http);
        var refreshToken = await RefreshTokenAsync(tokens, login);
        await LifecycleAsync(api, id, "suspend");
        Assert.Equal("invalid_grant", (await tokens.RefreshAsync(endpointBase, refreshToken))["error"]);

        await LifecycleAsync(api, id, "unsuspend");
        var refreshed = await tokens.RefreshAsync(endpointBase, refreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotNull(refreshed["access_token"]);
    }

    [Fact]
    public async Task Refresh_DeletedUsersRefreshTokenIsInvalidGrant()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);
        using var http = Server.CreateClient();
        var tokens = new TokenClient(http);
        var refreshToken = await RefreshTokenAsync(tokens, login);

        await api.DeleteAsync("/api/v1/users/" + id);
        await api.DeleteAsync("/api/v1/users/" + id);
        var refreshed = await tokens.RefreshAsync(Issued.EndpointBase(Server.DefaultIssuer), refreshToken);

        Assert.Equal("invalid_grant", refreshed["error"]);
    }

    private async Task<string> RefreshTokenAsync(TokenClient tokens, string login)
    {
        using var browser = new Browser(Server);
        var request = new AuthorizeRequest { Issuer = Server.DefaultIssuer, Scope = Issued.OfflineScope };
        var code = (await browser.AuthorizeAsync(request, login, UsersApiTests.Password)).Code;
        Assert.NotNull(code);
        var issued = await tokens.ExchangeCodeAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, issued.Status);
        return issued["refresh_token"] ?? throw new InvalidOperationException("No refresh token.");
    }
}
